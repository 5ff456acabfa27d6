/**
 * The child process of the SIGKILL test: one run of a kill source into a local
 * `--out` directory, exactly as the CLI would do it (the local lock included),
 * against the fake API the parent started. It prints {@link STARTED_LINE} once it
 * is about to run, then the summary as JSON; the parent kills it at a random
 * moment in between.
 * Usage: SLUICE_KILL_API=http://… SLUICE_KILL_OUT=/tmp/… SLUICE_KILL_KIND=incremental node --import tsx runChild.ts
 */
import { acquireLocalLock } from '../../../lambdas/commit/localLock';
import { runSource } from '../../../lambdas/run/runSource';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import type { KillSourceKind } from './killSources';
import { CHILD_ENV, STARTED_LINE, killSource } from './killSources';

async function main(): Promise<void> {
  const api = process.env[CHILD_ENV.api];
  const out = process.env[CHILD_ENV.out];
  const kind = process.env[CHILD_ENV.kind] as KillSourceKind | undefined;
  if (!api || !out || (kind !== 'incremental' && kind !== 'snapshot')) {
    throw new Error(`runChild needs ${Object.values(CHILD_ENV).join(', ')} (kind: incremental | snapshot)`);
  }
  const source = killSource(kind, api);
  const release = await acquireLocalLock(out, source.name);
  try {
    process.stdout.write(`${STARTED_LINE}\n`);
    const summary = await runSource({ source, store: new LocalStore(out), secrets: new FileSecretStore({}), trigger: 'cli' });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await release();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
