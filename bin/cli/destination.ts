/**
 * Where a command reads or writes: `--out DIR` (default `./data`) or
 * `--bucket B`, with an optional `--prefix`. Shared by `run`, `runs`, `state`,
 * `query` and `show`, so they all find the same files.
 */
import { BUCKET, OUT, PREFIX } from './flags';
import { resolve } from 'node:path';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import type * as LocalStoreModule from '../../lambdas/sink/LocalStore';
import type * as S3StoreModule from '../../lambdas/sink/S3Store';
import type { FlagSpec, ParsedArgs } from './args';
import { stringFlag } from './args';
import type { Destination } from './formatSummary';
import { lazy } from './lazy';
import { UsageError } from './UsageError';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const s3Store = lazy<typeof S3StoreModule>(() => require('../../lambdas/sink/S3Store'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const localStore = lazy<typeof LocalStoreModule>(() => require('../../lambdas/sink/LocalStore'));

/** The flags of a destination. */
export const DESTINATION_FLAGS: FlagSpec = { out: OUT, bucket: BUCKET, prefix: PREFIX };

/** A parsed destination: where, and the key prefix inside it. */
export interface DestinationArgs {
  readonly destination: Destination;
  /** '' when `--prefix` is absent (keys start at `<source>/`). */
  readonly prefix: string;
}

/** Resolves `--out` (default `./data`) to an absolute directory. */
export function outDir(out: string | undefined): string {
  return resolve(out ?? 'data');
}

/**
 * Reads `--out`, `--bucket` and `--prefix`.
 * @throws UsageError when both `--out` and `--bucket` are given, or the prefix is not a relative key prefix
 */
export function destinationOf(args: ParsedArgs, usage: string): DestinationArgs {
  const out = stringFlag(args, 'out');
  const bucket = stringFlag(args, 'bucket');
  if (out !== undefined && bucket !== undefined) throw new UsageError('--out and --bucket cannot be used together: a source lives in one place', usage);
  const prefix = stringFlag(args, 'prefix');
  if (prefix !== undefined && /^\/|\/$|\.\./.test(prefix)) {
    throw new UsageError(`--prefix "${prefix}" must be a relative key prefix without a leading or trailing "/" or "..", e.g. raw/apis`, usage);
  }
  return { destination: bucket !== undefined ? { bucket } : { out: outDir(out) }, prefix: prefix ?? '' };
}

/** The object store of a destination (the S3 client is loaded only for a bucket). */
export function openStore(destination: Destination): ObjectStore {
  return 'bucket' in destination ? new (s3Store().S3Store)({ bucket: destination.bucket }) : new (localStore().LocalStore)(destination.out);
}

/** `s3://bucket` or the directory, for messages. */
export function describeDestination(destination: Destination): string {
  return 'bucket' in destination ? `s3://${destination.bucket}` : destination.out;
}

/**
 * `in <destination>[ under <prefix>/] (run it with …, or pass --out DIR or --bucket B)`:
 * the end of every "nothing there" line, so that each says where it looked and the two ways out.
 */
export function nothingThereHint(source: string, destination: Destination, prefix: string | undefined): string {
  return `in ${describeDestination(destination)}${prefix ? ` under ${prefix}/` : ''} (run it with \`sluice run ${source}\`, or pass --out DIR or --bucket B)`;
}
