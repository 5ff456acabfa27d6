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
  /** Pages fetched at once once the total is known (offset, page_number). */
  readonly concurrency?: number;
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
  return {
    name: options.name ?? 'bench',
    client: { base_url: `${options.origin}/`, ...(options.auth ? { auth: options.auth } : {}) },
    resources: [{ name: 'records', endpoint: { path: options.style, data_selector: 'data', paginator: paginatorOf(options) } }],
    ...(options.partMaxRecords ? { run: { part_max_records: options.partMaxRecords } } : {}),
  };
}
