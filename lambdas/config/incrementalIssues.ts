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
import type { BoundEndpoint } from './boundEndpoint';
import type { IncrementalConfig } from './schema';

function blockIssues(path: string, incremental: IncrementalConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const format = { datetimeFormat: incremental.datetime_format };
  if (format.datetimeFormat !== undefined) {
    const problem = datetimeFormatProblem(format.datetimeFormat);
    if (problem) return [{ path: `${path}.datetime_format`, message: problem }];
  }
  const typed = (field: 'initial_value' | 'end_value') => {
    const value = incremental[field];
    if (value === undefined) return undefined;
    const type = cursorTypeOf(value, format);
    if (!type) issues.push({ path: `${path}.${field}`, message: `${preview(value)} is not a cursor value; accepted: ${acceptedForms(undefined, format)}` });
    return type ? { type, key: readCursor(value, type, format) } : undefined;
  };
  const initial = typed('initial_value');
  const end = typed('end_value');
  if (incremental.end_value !== undefined && incremental.initial_value === undefined) {
    issues.push({ path: `${path}.end_value`, message: 'needs initial_value: end_value makes the stateless window [initial_value, end_value), as in dlt' });
  }
  if (initial && end) {
    if (initial.type !== end.type) {
      issues.push({ path: `${path}.end_value`, message: `${preview(incremental.end_value)} is ${typeName(end.type)}, but initial_value ${preview(incremental.initial_value)} is ${typeName(initial.type)}: a cursor holds one type` });
    } else if (initial.key && end.key) {
      const c = compareKeys(end.key, initial.key);
      if (c < 0 || (c === 0 && (incremental.range_end ?? 'open') === 'open')) {
        issues.push({ path: `${path}.end_value`, message: `the window [initial_value ${preview(incremental.initial_value)}, end_value ${preview(incremental.end_value)}) is empty: end_value must be after initial_value` });
      }
    }
  }
  return issues;
}

/** Issues of the `incremental` of every resource (a block, the defaults', or dlt's param form), each named where it was declared. */
export function incrementalIssues(endpoints: readonly BoundEndpoint[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const { incremental, incrementalAt } of endpoints) {
    // One block in resource_defaults stands for every resource: report it once.
    if (!incremental || incrementalAt === undefined || seen.has(incrementalAt)) continue;
    seen.add(incrementalAt);
    issues.push(...blockIssues(incrementalAt, incremental));
  }
  return issues;
}
