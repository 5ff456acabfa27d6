/**
 * The write hints that span fields, on the model: no two resources write one
 * output table (folder), and `merge` has a primary key to keep the latest
 * record by. Each is named where it was written: `table_name` (or the name it
 * defaults to), and the `write_disposition` of the resource or of
 * `resource_defaults`.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { ResourceModel } from '../model';
import { preview } from './formatIssues';

/**
 * Every table collision and `merge` without `primary_key` of a source.
 * @param resources the model's resources in declaration order.
 */
export function writeHintIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const tables = new Map<string, string>();
  for (const resource of resources) {
    const first = tables.get(resource.tableName);
    if (first !== undefined) {
      issues.push({
        path: resource.tableNameAt,
        message: `table ${preview(resource.tableName)} is also the table of ${first}; each resource writes a table (folder) of its own`,
      });
    } else tables.set(resource.tableName, resource.at);
    if (resource.writeDisposition === 'merge' && resource.primaryKey === undefined) {
      issues.push({
        path: resource.writeDispositionAt ?? `${resource.at}.write_disposition`,
        message: `"merge" keeps the latest record per primary key: resource ${preview(resource.name)} needs "primary_key" (a field name or a list of them)`,
      });
    }
  }
  return issues;
}
