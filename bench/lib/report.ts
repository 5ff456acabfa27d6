/**
 * The worker side of {@link runWorker}: reads the settings argument and prints
 * the report with the process's own resource usage added.
 */

/** Prefix of the report line on a worker's stdout. */
export const REPORT_MARKER = '@@bench-report ';

/** The JSON settings passed as the worker's first argument. */
export function workerSettings<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('a bench worker takes its settings as a JSON argument');
  return JSON.parse(raw) as T;
}

/** Prints the report (last stdout line) with CPU time and peak RSS of this process. */
export function printReport(wallMs: number, fields: Record<string, unknown> = {}): void {
  const usage = process.resourceUsage();
  const report = {
    ...fields,
    wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    // maxRSS is in kilobytes on Linux.
    maxRssMb: usage.maxRSS / 1024,
  };
  // Marked, because the handler's own logs and metrics share stdout.
  process.stdout.write(`\n${REPORT_MARKER}${JSON.stringify(report)}\n`);
}

/** Runs a worker's main function; a failure exits 1 with the message on stderr. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
