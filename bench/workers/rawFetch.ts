/**
 * The raw baseline: the plainest program that does the same job as the engine.
 * It follows the `next` links with the platform `fetch`, `JSON.parse`s each
 * page, serializes each record as a line and gzip-streams the lines to one file
 * (temp file, fsync, rename, as LocalStore does). Without `outFile` it only
 * fetches and parses: the total API time of the pipelining scenario. With
 * `cursorParam` it follows `next_cursor` instead, sent as that query parameter
 * of the first URL (the latency-floor scenario's cursor chain).
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
  /** Follow the body's `next_cursor` as this query parameter instead of `next` links. */
  readonly cursorParam?: string;
}

/** The next page's URL: the `next` link, or the first URL with the body's cursor. */
function nextUrl(settings: RawFetchSettings, body: { next?: string | null; next_cursor?: string | null }): string | null {
  if (!settings.cursorParam) return body.next ?? null;
  if (body.next_cursor === null || body.next_cursor === undefined) return null;
  const url = new URL(settings.firstUrl);
  url.searchParams.set(settings.cursorParam, body.next_cursor);
  return url.href;
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
    const body = JSON.parse(await response.text()) as { data: unknown[]; next?: string | null; next_cursor?: string | null };
    pages += 1;
    records += body.data.length;
    if (gzip) {
      let lines = '';
      for (const record of body.data) lines += `${JSON.stringify(record)}\n`;
      if (!gzip.write(lines)) await once(gzip, 'drain');
    }
    url = nextUrl(settings, body);
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
