/**
 * Reads back what a run wrote to a LocalStore directory: every part file of a
 * resource, in key order, gunzipped and parsed. Independent of the engine's own
 * reader, so the check does not trust the code under test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The part files (`*.jsonl.gz`) of a resource under `root`, sorted by key. */
export function partFiles(root: string, resource: string): string[] {
  return walk(root)
    .filter((path) => path.endsWith('.jsonl.gz') && relative(root, path).split('/').includes(resource))
    .sort();
}

/** The `id`s of every record written for `resource`, in file and line order. */
export function writtenIds(root: string, resource: string): number[] {
  const ids: number[] = [];
  for (const file of partFiles(root, resource)) {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    for (const line of text.split('\n')) if (line) ids.push((JSON.parse(line) as { id: number }).id);
  }
  return ids;
}

/** True when `ids` is exactly 0, 1, …, count − 1. */
export function isSequence(ids: readonly number[], count: number): boolean {
  return ids.length === count && ids.every((id, i) => id === i);
}
