/**
 * A feed API on loopback whose records carry a typed cursor (a JSON number, a
 * numeric string, or an ISO 8601 date-time written in mixed offsets), served
 * newest first, oldest first or in no order, `pageSize` a page, through a
 * `next` link. `since` filters inclusively, compared as the cursor's type (as
 * real APIs compare), never as text. The test changes `records` between runs.
 * Every request is logged with the records it served and the `X-Op` header
 * that tells which run asked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the cursor values of the feed are written. */
export type FeedCursorType = 'number' | 'numeric_string' | 'datetime';

/** The order the feed serves records in. */
export type FeedOrder = 'asc' | 'desc' | 'unordered';

/** One record: `cur` the cursor value (written per {@link FeedCursorType}), `v` its version. */
export interface FeedRecord {
  readonly id: number;
  readonly cur: number | string;
  readonly v: number;
  readonly body: string;
}

/** One request the feed answered. */
export interface FeedRequest {
  /** The `X-Op` header of the request. */
  readonly op: string | undefined;
  readonly query: Record<string, string>;
  /** The records of the page, as served. */
  readonly served: readonly FeedRecord[];
}

/** The running feed. */
export interface CursorFeedApi {
  readonly url: string;
  cursorType: FeedCursorType;
  order: FeedOrder;
  pageSize: number;
  records: FeedRecord[];
  readonly requests: FeedRequest[];
  close(): Promise<void>;
}

const BASE_MS = Date.UTC(2026, 0, 1);
// The same instant can be written several ways; the API and sluice must both compare instants.
const OFFSETS = [0, 120, -90, 0] as const;

/** The instant of clock tick `tick`, in the milliseconds a feed's date-time cursor stands for. */
function instantMs(tick: number): number {
  return BASE_MS + tick * 1000;
}

/** Writes `tick` as `type`; `variant` picks one of the ways to write a date-time. */
export function cursorValue(type: FeedCursorType, tick: number, variant = 0): number | string {
  if (type === 'number') return tick;
  if (type === 'numeric_string') return String(tick);
  const offsetMin = OFFSETS[variant % OFFSETS.length];
  const local = new Date(instantMs(tick) + offsetMin * 60_000).toISOString();
  if (variant % OFFSETS.length === 0) return local.replace('.000Z', 'Z');
  if (variant % OFFSETS.length === 3) return local;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local.slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The point in time a cursor value stands for, whatever way it is written. */
export function cursorPoint(type: FeedCursorType, value: unknown): number {
  if (type === 'datetime') return Date.parse(String(value));
  return Number(value);
}

/** A fixed scramble of the records (by id and version) for an API that keeps no order. */
function scramble(record: FeedRecord): number {
  let h = (record.id * 2654435761 + record.v * 40503) >>> 0;
  h ^= h >>> 15;
  return Math.imul(h, 2246822519) >>> 0;
}

/** Starts the feed on loopback. */
export async function startCursorFeedApi(): Promise<CursorFeedApi> {
  const api = { cursorType: 'number' as FeedCursorType, order: 'asc' as FeedOrder, pageSize: 3, records: [] as FeedRecord[], requests: [] as FeedRequest[] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const since = query.since;
    const point = (r: FeedRecord): number => cursorPoint(api.cursorType, r.cur);
    const from = since === undefined ? undefined : cursorPoint(api.cursorType, since);
    const sorted = api.records
      .filter((r) => from === undefined || point(r) >= from)
      .sort((a, b) =>
        api.order === 'asc' ? point(a) - point(b) || a.id - b.id : api.order === 'desc' ? point(b) - point(a) || b.id - a.id : scramble(a) - scramble(b) || a.id - b.id,
      );
    const page = Number(query.page ?? 0);
    const data = sorted.slice(page * api.pageSize, (page + 1) * api.pageSize);
    const more = (page + 1) * api.pageSize < sorted.length;
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    const op = req.headers['x-op'];
    api.requests.push({ op: Array.isArray(op) ? op[0] : op, query, served: data });
    res.writeHead(url.pathname === '/feed' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data, next: more ? `${next.pathname}${next.search}` : null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(api, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
