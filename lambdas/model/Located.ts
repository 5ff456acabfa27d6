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
