/**
 * Maps a request to its answer: the token and login endpoints, then
 * `/<auth>/html`, `/<auth>/empty`, `/<auth>/echo` (any method), `/<auth>/entity/<collection>/<id>` (one record) and `/<auth>/<style>/<collection>[/<parentId>/comments]`.
 * Auth is checked before the rest of the path, as real APIs do.
 */
import { checkAuth, isAuthScheme } from './auth';
import type { RecordStore } from './data';
import type { FakeRequest, FakeResponse } from './http';
import { BadRequestError, header, htmlPage, json, methodNotAllowed, notFound } from './http';
import { handleLogin } from './login';
import { handleTokenRequest } from './oauth';
import type { FakeApiSettings } from './options';
import { isPaginationStyle, servePage } from './pagination';
import type { TokenAuthority } from './tokens';

/** The server state a route may read or change. */
export interface RouteContext {
  readonly settings: FakeApiSettings;
  readonly tokens: TokenAuthority;
  readonly store: RecordStore;
  readonly baseUrl: string;
}

/** The response for a request (400 for a bad parameter, 404 for an unknown path). */
export function route(request: FakeRequest, ctx: RouteContext): FakeResponse {
  try {
    return dispatch(request, ctx);
  } catch (error) {
    if (error instanceof BadRequestError) return json(400, { error: 'bad_request', error_description: error.message });
    throw error;
  }
}

function dispatch(request: FakeRequest, ctx: RouteContext): FakeResponse {
  if (request.path === '/oauth/token') return handleTokenRequest(request, ctx.settings, ctx.tokens);
  if (request.path === '/login') return handleLogin(request, ctx.settings.credentials, ctx.tokens);

  const [auth, style, collection, parentId, comments, ...rest] = request.path.slice(1).split('/');
  if (!isAuthScheme(auth)) return notFound();
  const denied = checkAuth(auth, request, { credentials: ctx.settings.credentials, tokens: ctx.tokens });
  if (denied) return denied;

  if (style === 'echo' && collection === undefined) {
    // Any method: one record describing the request, for tests of methods and bodies.
    return json(200, { data: [{ method: request.method, content_type: header(request.headers, 'content-type') ?? null, body: request.body }] });
  }
  if ((style === 'html' || style === 'empty') && collection === undefined) {
    if (request.method !== 'GET') return methodNotAllowed('GET');
    return style === 'html' ? htmlPage() : { status: 204, headers: {}, body: '' };
  }
  if (style === 'entity' && collection !== undefined && parentId !== undefined && comments === undefined) {
    // One record as an object, holding a list under a conventional key, as a detail endpoint does.
    const record = ctx.store.get(collection)?.find((r) => String(r.id) === parentId);
    return record ? json(200, { ...record, items: [{ sku: `${record.id}-a` }, { sku: `${record.id}-b` }] }) : notFound();
  }
  if (!isPaginationStyle(style) || collection === undefined || rest.length > 0) return notFound();

  let records = ctx.store.get(collection);
  if (parentId !== undefined) {
    records = comments === 'comments' && /^\d+$/.test(parentId) ? ctx.store.children(collection, Number(parentId)) : undefined;
  }
  if (!records) return notFound();
  return servePage(style, request, records, { baseUrl: ctx.baseUrl, relativeNextLinks: ctx.settings.relativeNextLinks });
}
