/**
 * The request a resource makes, as the engine runs it: client, defaults and
 * resource merged once; selector, body and paginator as closed unions.
 */
import type { StringOrSecret } from '../secrets/SecretRef';
import type { AuthModel } from './AuthModel';
import type { IncrementalModel } from './IncrementalModel';
import type { DeclaredAt, Located } from './Located';
import type { PaginatorModel } from './PaginatorModel';

/** Where the records are in a page. */
export type SelectorModel =
  | (Located & { readonly kind: 'path'; /** A JSONPath (RFC 9535). */ readonly path: string })
  | (Located & { readonly kind: 'detect' });

/** The request body. */
export type BodyModel =
  | { readonly kind: 'none' }
  | (Located & { readonly kind: 'json'; /** May hold placeholders at any depth. */ readonly value: unknown })
  /** dlt's `data`: a form (`application/x-www-form-urlencoded`) from an object, or a raw body from a string. */
  | (Located & { readonly kind: 'data'; readonly value: Readonly<Record<string, unknown>> | string });

/** One `response_actions` rule. */
export interface ResponseActionModel extends Located {
  readonly statusCode: number | undefined;
  /** A substring of the body. */
  readonly content: string | undefined;
  readonly action: 'ignore' | 'retry' | 'fail';
}

/** HTTP methods an endpoint may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The request of one resource. */
export interface EndpointModel extends Located {
  /** Relative to `base_url`, or an absolute URL; may hold placeholders. */
  readonly path: string;
  readonly method: HttpMethod;
  /** Query parameters; values may hold placeholders (or be secret references). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly body: BodyModel;
  /** Client, defaults and endpoint headers merged (endpoint wins). */
  readonly headers: Readonly<Record<string, StringOrSecret>>;
  readonly selector: SelectorModel;
  readonly paginator: PaginatorModel;
  readonly incremental: IncrementalModel | undefined;
  readonly responseActions: readonly ResponseActionModel[];
  /** The endpoint's auth, else the defaults', else the client's; undefined: none. */
  readonly auth: AuthModel | undefined;
  /** Where each merged part of the request was written. */
  readonly declared: EndpointDeclarations;
  /** The blocks of other levels this endpoint's own replaced, and how some of what it runs was written. */
  readonly written: EndpointWritten;
}

/**
 * What the file holds for an endpoint beyond what it runs, each part with the
 * config path it was written at: the `auth`, `paginator`, `data_selector` and
 * `incremental` blocks a more specific level replaced (normalized like the
 * ones the endpoint runs, so a rule reads one shape), the paginator blocks
 * written as a bare type name, and dlt's `resolve` params bound into the path.
 * Never run; kept so that a rule about what the file holds (a plaintext
 * credential, an unknown type, a JSONPath that does not compile) reports
 * every block where it is written, whether or not a resource runs it.
 */
export interface EndpointWritten {
  /** `client.auth` or `resource_defaults.endpoint.auth` under a more specific one, most specific first. */
  readonly overriddenAuth: readonly AuthModel[];
  /** `client.paginator` or `resource_defaults.endpoint.paginator` under a more specific one (or under the single-entity path's `single_page`). */
  readonly overriddenPaginators: readonly PaginatorModel[];
  /** `resource_defaults.endpoint.data_selector` under the endpoint's own. */
  readonly overriddenSelectors: readonly SelectorModel[];
  /** `incremental` blocks under a more specific one (the endpoint's own, or dlt's incremental param). */
  readonly overriddenIncrementals: readonly IncrementalModel[];
  /** The `at` of each paginator block (run or overridden) written as a bare type name (`"paginator": "offset"`): its type is written at the block's path, not at `.type`. */
  readonly paginatorShorthands: readonly string[];
  /** Each dlt `resolve` param bound into the path, where the param was written. */
  readonly resolved: readonly ResolvedParam[];
}

/**
 * A dlt `resolve` param (`{"type": "resolve", "resource": "users", "field":
 * "id"}` under `params.user_id`) that the path's `{user_id}` bound: the path
 * holds its placeholder, but the param is where the file names the parent.
 */
export interface ResolvedParam extends Located {
  /** The param's name, e.g. `user_id`. */
  readonly name: string;
  /** The placeholder it became in the path, e.g. `{resources.users.id}`. */
  readonly placeholder: string;
}

/**
 * Where the parts of an endpoint merged from the client, `resource_defaults`
 * and the resource were declared, so that a rule about one header, parameter
 * or body field names the level it came from.
 */
export interface EndpointDeclarations {
  /** `resources[i].endpoint.path`, `resources[i].endpoint` (the string form), `resource_defaults.endpoint.path`, or `resources[i].name` (the path defaults to the name). */
  readonly path: string;
  /** Each key of `headers`: `client.headers.X`, `resource_defaults.endpoint.headers.X` or `resources[i].endpoint.headers.X`. */
  readonly headers: DeclaredAt;
  /** Each key of `params` (after dlt's params are bound). */
  readonly params: DeclaredAt;
  /** Each top-level key of an object body (`json`, or `data` as a form); empty for another body. */
  readonly body: DeclaredAt;
  /** The values a more specific level replaced (and a `data` body a `json` one displaced): never sent, kept for the rules about what the file holds. */
  readonly overridden: readonly OverriddenValue[];
}

/**
 * A path, header, param or body field a more specific level replaced: the request
 * never carries it, but a plaintext credential or a header fetch would
 * refuse is still a problem of the file, reported where it is written.
 */
export interface OverriddenValue extends Located {
  /** `path`: a `resource_defaults.endpoint.path` the resource's own replaced (as written, dlt's params unbound). */
  readonly part: 'path' | 'headers' | 'params' | 'json' | 'data';
  /** Its name in the part; '' for a path, or a whole body that is not an object. */
  readonly key: string;
  readonly value: unknown;
}
