import { ConfigValidationError } from '../../../../lambdas/errors/ConfigValidationError';
import { validateSource } from '../../../../lambdas/config/validateSource';

/** The issues `validateSource` reports for a definition (as if read from `sources/acme.json`), or none when it accepts it. */
export function issuesOrNone(definition: unknown): Array<{ path: string; message: string }> {
  try {
    validateSource(definition, { file: 'sources/acme.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).issues];
  }
  return [];
}

/** The issues `validateSource` reports for a definition it must reject. */
export function issuesOf(definition: unknown): Array<{ path: string; message: string }> {
  const issues = issuesOrNone(definition);
  if (issues.length === 0) throw new Error('expected the definition to be rejected');
  return issues;
}
