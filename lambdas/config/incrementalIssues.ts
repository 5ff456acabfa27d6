/**
 * Checks the bounds of every `incremental` block against the cursor types
 * (CONTRACT, "Incremental cursor types"): `initial_value` and `end_value` must
 * each be a number or a date-time (per `datetime_format` when set), of one
 * type, and the window they make must not be empty. `datetime_format` must be
 * one the cursor can read.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { acceptedForms, compareKeys, cursorTypeOf, preview, readCursor, typeName } from '../incremental/CursorType';
import { datetimeFormatProblem } from '../incremental/datetimeFormat';
import type { IncrementalModel, ResourceModel } from '../model';

const FIELDS = { initial_value: 'initialValue', end_value: 'endValue' } as const;

function blockIssues(path: string, incremental: IncrementalModel): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const format = { datetimeFormat: incremental.datetimeFormat };
  if (format.datetimeFormat !== undefined) {
    const problem = datetimeFormatProblem(format.datetimeFormat);
    if (problem) return [{ path: `${path}.datetime_format`, message: problem }];
  }
  const typed = (field: 'initial_value' | 'end_value') => {
    const value = incremental[FIELDS[field]];
    if (value === undefined) return undefined;
    const type = cursorTypeOf(value, format);
    if (!type) issues.push({ path: `${path}.${field}`, message: `${preview(value)} is not a cursor value; accepted: ${acceptedForms(undefined, format)}` });
    return type ? { type, key: readCursor(value, type, format) } : undefined;
  };
  const initial = typed('initial_value');
  const end = typed('end_value');
  if (incremental.endValue !== undefined && incremental.initialValue === undefined) {
    issues.push({ path: `${path}.end_value`, message: 'needs initial_value: end_value makes the stateless window [initial_value, end_value), as in dlt' });
  }
  if (initial && end) {
    if (initial.type !== end.type) {
      issues.push({ path: `${path}.end_value`, message: `${preview(incremental.endValue)} is ${typeName(end.type)}, but initial_value ${preview(incremental.initialValue)} is ${typeName(initial.type)}: a cursor holds one type` });
    } else if (initial.key && end.key) {
      const c = compareKeys(end.key, initial.key);
      if (c < 0 || (c === 0 && incremental.rangeEnd === 'open')) {
        issues.push({ path: `${path}.end_value`, message: `the window [initial_value ${preview(incremental.initialValue)}, end_value ${preview(incremental.endValue)}) is empty: end_value must be after initial_value` });
      }
    }
  }
  return issues;
}

/** Issues of the `incremental` of every resource (a block, the defaults', or dlt's param form), each named where it was declared. */
export function incrementalIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const { endpoint: { incremental } } of resources) {
    // One block in resource_defaults stands for every resource: report it once.
    if (!incremental || seen.has(incremental.at)) continue;
    seen.add(incremental.at);
    issues.push(...blockIssues(incremental.at, incremental));
  }
  return issues;
}
