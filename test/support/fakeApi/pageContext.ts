/**
 * What a pagination style sees of a request: the records left after the
 * `since`/`until` window, typed access to its parameters, and links to other pages.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { inWindow } from './data';
import { BadRequestError, header } from './http';
import type { FakeRecord } from './types';

/** The input of one pagination style. */
export interface PageContext {
  /** The collection (or child list) after the window, sorted by id. */
  readonly records: readonly FakeRecord[];
  /** A parameter, or undefined when absent or empty. */
  param(name: string): string | undefined;
  /** A request header (any case), or undefined when absent or empty. */
  header(name: string): string | undefined;
  /** A `=1` / `=true` switch. */
  flag(name: string): boolean;
  /** An integer parameter >= min; absent means `fallback`; anything else is a 400. */
  int(name: string, fallback: number, min: number): number;
  /** This path with the query changed: absolute unless `relative`. */
  link(changes: Readonly<Record<string, string | number>>, relative?: boolean): string;
  /** The server's `relativeNextLinks` option (json-link honours it). */
  readonly relativeNextLinks: boolean;
}

/** Where the parameters come from, and how to build links. */
export interface PageContextSource {
  readonly records: readonly FakeRecord[];
  readonly params: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly baseUrl: string;
  readonly path: string;
  /** The request's query, which links copy so every other parameter (since, api_key, …) survives. */
  readonly query: URLSearchParams;
  readonly relativeNextLinks: boolean;
}

function timestamp(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`${name} must be an ISO 8601 timestamp, got "${value}"`);
  return ms;
}

/** Builds the context, applying the window; throws {@link BadRequestError} for a bad `since`/`until`. */
export function createPageContext(source: PageContextSource): PageContext {
  const param = (name: string): string | undefined => source.params.get(name) || undefined;
  const records = inWindow(source.records, {
    since: timestamp('since', param('since')),
    until: timestamp('until', param('until')),
  });
  return {
    records,
    relativeNextLinks: source.relativeNextLinks,
    param,
    header: (name) => header(source.headers, name) || undefined,
    flag: (name) => ['1', 'true'].includes(param(name) ?? ''),
    int(name, fallback, min) {
      const raw = param(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min) {
        throw new BadRequestError(`${name} must be an integer >= ${min}, got "${raw}"`);
      }
      return value;
    },
    link(changes, relative = false) {
      const query = new URLSearchParams(source.query);
      for (const [key, value] of Object.entries(changes)) query.set(key, String(value));
      return `${relative ? '' : source.baseUrl}${source.path}?${query}`;
    },
  };
}
