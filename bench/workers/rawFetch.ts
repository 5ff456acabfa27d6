/**
 * The raw baseline: the plainest program that does the same job as the engine.
 * It follows the `next` links with the platform `fetch`, `JSON.parse`s each
 * page, serializes each record as a line and gzip-streams the lines to one file
 * (temp file, fsync, rename, as LocalStore does). With `write: false` it only
 * fetches and parses: the total API time of the pipelining scenario.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { printReport, runMain, workerSettings } from '../lib/report';

/** Settings of this worker. */
export interface RawFetchSettings {
  /** The first page's URL; pages link to the next in `next`. */
  readonly firstUrl: string;
  /** The output file; absent: fetch and parse only. */
  readonly outFile?: string;
}

async function main(): Promise<void> {
  const settings = workerSettings<RawFetchSettings>();
  const started = performance.now();
  const gzip = settings.outFile ? createGzip() : undefined;
  const file = settings.outFile ? createWriteStream(`${settings.outFile}.tmp`) : undefined;
  if (gzip && file) gzip.pipe(file);
  let url: string | null = settings.firstUrl;
  let records = 0;
  let pages = 0;
  while (url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    const body = JSON.parse(await response.text()) as { data: unknown[]; next: string | null };
    pages += 1;
    records += body.data.length;
    if (gzip) {
      let lines = '';
      for (const record of body.data) lines += `${JSON.stringify(record)}\n`;
      if (!gzip.write(lines)) await once(gzip, 'drain');
    }
    url = body.next;
  }
  if (gzip && file && settings.outFile) {
    gzip.end();
    await finished(file);
    const handle = await open(`${settings.outFile}.tmp`, 'r');
    await handle.sync();
    await handle.close();
    await rename(`${settings.outFile}.tmp`, settings.outFile);
  }
  printReport(performance.now() - started, { records, pages });
}

runMain(main);
