/**
 * The names sluice gives in the Glue Data Catalog, in one place: the stack's
 * IAM statements and the engine must agree on them to the letter.
 *
 * Glue (and Athena, which reads them) lower-cases names and accepts only
 * letters, digits and `_`, so `Open-Data` becomes `open_data`. One database
 * holds the tables of every source of a stack, so a table is named after its
 * source too (`acme` + `issues` → `acme_issues`): two sources that both have
 * `users` get a table each, and each function's grant names only its own.
 */

/** A Glue-safe name: lower case, every character other than `a-z`, `0-9`, `_` as `_` (`acme-crm` → `acme_crm`). */
export function glueName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** The table of a resource: `<source>_<table_name>` (the model's `tableName`, default the resource name), Glue-safe. */
export function glueTableName(source: string, tableName: string): string {
  return glueName(`${source}_${tableName}`);
}

/** The view over a table with the write disposition applied: `<table>_current`. */
export function currentViewName(table: string): string {
  return `${table}_current`;
}

/** The table over a source's commits (`_commits/`), which gives the views each run's `seq`: `<source>__commits`. */
export function commitsTableName(source: string): string {
  return glueName(`${source}__commits`);
}

/** The database of a stack when none is named: its stack name, Glue-safe (`Sluice` → `sluice`). */
export function defaultDatabaseName(stackName: string): string {
  return glueName(stackName);
}
