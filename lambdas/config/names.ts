/**
 * The forms of the names a source gives: its own name (it becomes part of a
 * function name, a stack resource id and every key) and its resources' names
 * (each a folder and a table). Said once here, for the schema, the placeholders
 * that name a parent and the CLI arguments that name a source.
 */

/** A source name: lowercase letters, digits and dashes, starting with a letter or digit. */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9-]*$/;

// Unanchored, so that a placeholder `{resources.<name>.<field>}` can embed it.
const RESOURCE_NAME_FORM = '[A-Za-z0-9_][A-Za-z0-9_-]*';

/** A resource name, and a `table_name`: letters, digits, `_` and `-`, not starting with `-` (both name a folder and a table). */
export const RESOURCE_NAME = new RegExp(`^${RESOURCE_NAME_FORM}$`);

/** A parent placeholder's expression (without braces): `resources.<resource name>.<field>`, capturing the two. */
export const PARENT_PLACEHOLDER = new RegExp(`^resources\\.(${RESOURCE_NAME_FORM})\\.(.+)$`, 's');
