/** The source model: what `normalizeSource` produces and the engine runs on. */
export type * from './AuthModel';
export type * from './EndpointModel';
export type * from './IncrementalModel';
export type * from './Located';
export type * from './PaginatorModel';
export type * from './SourceModel';
