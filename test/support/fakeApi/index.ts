/**
 * The fake SaaS API of the tests: real HTTP on loopback, the auth and pagination
 * patterns of real REST APIs, injectable faults, and a request log to assert on.
 * Routes: `/<auth>/<style>/<collection>[/<parentId>/comments]`, `/<auth>/html`,
 * `/<auth>/empty`, `POST /oauth/token`, `POST /login`.
 */
export { startFakeApi } from './server';
export { DEFAULT_COLLECTIONS, DEFAULT_CREDENTIALS } from './options';
export { generateRecords } from './data';
export { AUTH_SCHEMES } from './auth';
export type { AuthScheme } from './auth';
export { PAGINATION_STYLES } from './pagination';
export type { PaginationStyle } from './pagination';
export { CONTINUATION_HEADER, STUCK_CURSOR } from './referenceStyles';
export type {
  FakeApi,
  FakeApiOptions,
  FakeCredentials,
  FakeRecord,
  FaultKind,
  FaultSpec,
  LoggedRequest,
} from './types';
