/**
 * The public surface of the paginators: the contract, the two bases to extend
 * (numeric, reference), the built-ins, and the registry and option parser of
 * custom types, which a TypeScript source imports from here.
 */
export type { Paginator, PaginatorState, PlannedPages } from './Paginator';
export type { PaginatorContext, PaginatorFactory } from './PaginatorFactory';
export { createPaginator } from './createPaginator';
export { parsePaginatorConfig } from './parsePaginatorConfig';
export { registerPaginator, registeredPaginator, registeredPaginatorTypes, unregisterPaginator } from './registry';
export { AutoPaginator, detectPaginator } from './AutoPaginator';
export { BasePaginator } from './BasePaginator';
export { CursorPaginator } from './CursorPaginator';
export { HeaderCursorPaginator } from './HeaderCursorPaginator';
export { HeaderLinkPaginator } from './HeaderLinkPaginator';
export { JsonLinkPaginator } from './JsonLinkPaginator';
export { NumericPaginator } from './NumericPaginator';
export { OffsetPaginator } from './OffsetPaginator';
export { PageNumberPaginator } from './PageNumberPaginator';
export { ReferencePaginator } from './ReferencePaginator';
export { SinglePagePaginator } from './SinglePagePaginator';
