/** The machine a bench ran on, for `bench/results.json` and BENCHMARKS.md. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';

/** What the results depend on. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpu_model: string;
  readonly memory_gb: number;
  readonly node: string;
  readonly os: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpu_model: cpuModel(),
    memory_gb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}
