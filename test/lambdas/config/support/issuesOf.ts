import { ConfigValidationError } from '../../../../lambdas/errors/ConfigValidationError';
import { validateSource } from '../../../../lambdas/config/validateSource';

/** The issues `validateSource` reports for a definition it must reject (as if read from `sources/acme.json`). */
export function issuesOf(definition: unknown): Array<{ path: string; message: string }> {
  try {
    validateSource(definition, { file: 'sources/acme.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).issues];
  }
  throw new Error('expected the definition to be rejected');
}
