/**
 * Every node of the source model knows where it came from in the source file,
 * so that every message about it names the same field path in one notation:
 * `resources[2].endpoint.paginator.cursor_path`.
 */

/** A node of the model with its config path. */
export interface Located {
  /** Where in the source definition this node was declared, e.g. `resources[2].endpoint.paginator`; fields are appended with `.` (`${at}.cursor_path`). */
  readonly at: string;
}

/**
 * For each key of a map merged from several levels (`client.headers`,
 * `resource_defaults.endpoint.*`, the resource's own endpoint), the config path
 * of the declaration the engine runs, e.g. `{ "X-Api-Key":
 * "resource_defaults.endpoint.headers[\"X-Api-Key\"]" }`. A merged node has one
 * `at` but its keys may come from different places, and a message about a key
 * names the place it was written.
 */
export type DeclaredAt = Readonly<Record<string, string>>;
