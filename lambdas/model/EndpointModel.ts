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
 * A header, param or body field a more specific level replaced: the request
 * never carries it, but a plaintext credential or a header fetch would
 * refuse is still a problem of the file, reported where it is written.
 */
export interface OverriddenValue extends Located {
  readonly part: 'headers' | 'params' | 'json' | 'data';
  /** Its name in the part; '' for a whole body that is not an object. */
  readonly key: string;
  readonly value: unknown;
}
