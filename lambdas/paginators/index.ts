/** The public surface of the paginators. */
export type { Paginator, PaginatorState } from './Paginator';
export { createPaginator } from './createPaginator';
export { AutoPaginator, detectPaginator } from './AutoPaginator';
export { CursorPaginator } from './CursorPaginator';
export { HeaderCursorPaginator } from './HeaderCursorPaginator';
export { HeaderLinkPaginator } from './HeaderLinkPaginator';
export { JsonLinkPaginator } from './JsonLinkPaginator';
export { NumericPaginator } from './NumericPaginator';
export { OffsetPaginator } from './OffsetPaginator';
export { PageNumberPaginator } from './PageNumberPaginator';
export { ReferencePaginator } from './ReferencePaginator';
export { SinglePagePaginator } from './SinglePagePaginator';
