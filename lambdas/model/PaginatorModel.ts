/**
 * The `paginator` block as the engine runs it: the string shorthand expanded,
 * dlt's `json_response` named `json_link`, every default applied, a closed
 * union on `type`; a type registered with `registerPaginator` is one `custom`
 * node, its block kept as written for its factory.
 */
import type { Located } from './Located';

/** Fields every paginator may carry. */
interface PaginatorCommon extends Located {
  /** A boolean in the body; false ends pagination. */
  readonly hasMorePath: string | undefined;
}

/** `json_link`: the next URL is in the body. */
export interface JsonLinkPaginatorModel extends PaginatorCommon {
  readonly type: 'json_link';
  /** undefined: detected. */
  readonly nextUrlPath: string | undefined;
}

/** `header_link`: RFC 8288 `Link` header. */
export interface HeaderLinkPaginatorModel extends PaginatorCommon {
  readonly type: 'header_link';
  /** The rel of the next link; default `next`. */
  readonly linksNextKey: string;
}

/** What the numeric paginators share. */
interface NumericPaginatorCommon extends PaginatorCommon {
  /** JSONPath of the total; null: no total. */
  readonly totalPath: string | null;
  readonly stopAfterEmptyPage: boolean;
  /** Pages fetched at once once the total is known (1: one after another). */
  readonly concurrency: number;
}

/** `offset`: offset/limit parameters (query, or JSON body paths). */
export interface OffsetPaginatorModel extends NumericPaginatorCommon {
  readonly type: 'offset';
  readonly limit: number;
  readonly offset: number;
  readonly offsetParam: string;
  readonly limitParam: string;
  /** Dotted paths in the JSON body that receive the values instead of the query parameters. */
  readonly offsetBodyPath: string | undefined;
  readonly limitBodyPath: string | undefined;
  readonly maximumOffset: number | undefined;
}

/** `page_number`. */
export interface PageNumberPaginatorModel extends NumericPaginatorCommon {
  readonly type: 'page_number';
  readonly basePage: number;
  /** The page to start at; default `basePage`. */
  readonly page: number;
  readonly pageParam: string;
  /** A dotted path in the JSON body that receives the page instead of `pageParam`. */
  readonly pageBodyPath: string | undefined;
  readonly maximumPage: number | undefined;
}

/** `cursor`: a cursor from the body, sent as a query parameter or in the JSON body. */
export interface CursorPaginatorModel extends PaginatorCommon {
  readonly type: 'cursor';
  /** Default `cursors.next`. */
  readonly cursorPath: string;
  /** Default `cursor`; not used when `cursorBodyPath` is set. */
  readonly cursorParam: string;
  /** A dotted path in the JSON body the cursor goes to instead of the query. */
  readonly cursorBodyPath: string | undefined;
  /** dlt's `stop_after_empty_page`: an empty page ends pagination even with a cursor left. */
  readonly stopAfterEmptyPage: boolean;
}

/** `header_cursor`: a cursor from a response header. */
export interface HeaderCursorPaginatorModel extends PaginatorCommon {
  readonly type: 'header_cursor';
  /** Default `next`. */
  readonly cursorKey: string;
  /** Default `cursor`. */
  readonly cursorParam: string;
}

/** `single_page`. */
export interface SinglePagePaginatorModel extends Located {
  readonly type: 'single_page';
}

/** `auto`: detected from the first response. */
export interface AutoPaginatorModel extends Located {
  readonly type: 'auto';
}

/** A type registered with `registerPaginator`: its factory validates its own fields and applies its own defaults. */
export interface CustomPaginatorModel extends Located {
  readonly type: 'custom';
  /** The registered type name as written in the file. */
  readonly name: string;
  /** The block as written (with `type`; the string shorthand is `{ type }`), for the factory. */
  readonly config: Readonly<Record<string, unknown>> & { readonly type: string };
}

/** Any paginator. */
export type PaginatorModel =
  | JsonLinkPaginatorModel
  | HeaderLinkPaginatorModel
  | OffsetPaginatorModel
  | PageNumberPaginatorModel
  | CursorPaginatorModel
  | HeaderCursorPaginatorModel
  | SinglePagePaginatorModel
  | AutoPaginatorModel
  | CustomPaginatorModel;
