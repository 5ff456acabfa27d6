/**
 * The source definitions the scenarios run: one resource, `records`, read from
 * the bench API with the paginator of the chosen route.
 */

/** Which route of the bench API, hence which paginator. */
export type PageStyle = 'link' | 'offset' | 'pages' | 'cursor';

/** What a bench source is built from. */
export interface BenchSourceOptions {
  readonly origin: string;
  readonly style: PageStyle;
  readonly recordsPerPage: number;
  /** Roll part files over after this many records. @default the engine's default */
  readonly partMaxRecords?: number;
  /** Pages fetched at once once the total is known (offset, page_number); also the source's `client.concurrency` unless that is given. */
  readonly concurrency?: number;
  /** `client.concurrency`. @default `concurrency`, else the engine's default */
  readonly clientConcurrency?: number;
  /** `client.rate_limit` as written. */
  readonly rateLimit?: { readonly requests_per_second: number; readonly burst?: number };
  /** An auth block (the warm-reuse scenario); none by default. */
  readonly auth?: Record<string, unknown>;
  readonly name?: string;
}

function paginatorOf(options: BenchSourceOptions): Record<string, unknown> {
  const concurrency = options.concurrency === undefined ? {} : { concurrency: options.concurrency };
  switch (options.style) {
    case 'link':
      return { type: 'json_link', next_url_path: 'next' };
    case 'offset':
      return { type: 'offset', limit: options.recordsPerPage, total_path: 'total', ...concurrency };
    case 'pages':
      return { type: 'page_number', base_page: 0, total_path: 'total_pages', ...concurrency };
    case 'cursor':
      return { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' };
  }
}

/** A source definition (as a user would write it) for the bench API. */
export function benchSource(options: BenchSourceOptions): Record<string, unknown> {
  const clientConcurrency = options.clientConcurrency ?? options.concurrency;
  return {
    name: options.name ?? 'bench',
    client: {
      base_url: `${options.origin}/`,
      ...(options.auth ? { auth: options.auth } : {}),
      // Pages fetched in parallel share the source's budget: it must allow as many in flight.
      ...(clientConcurrency === undefined ? {} : { concurrency: clientConcurrency }),
      ...(options.rateLimit ? { rate_limit: options.rateLimit } : {}),
    },
    resources: [{ name: 'records', endpoint: { path: options.style, data_selector: 'data', paginator: paginatorOf(options) } }],
    ...(options.partMaxRecords ? { run: { part_max_records: options.partMaxRecords } } : {}),
  };
}
