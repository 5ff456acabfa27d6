/**
 * The registry of custom paginator types: `registerPaginator("my_type", factory)`
 * makes a paginator usable by `type` in a declarative source, as `registerAuth`
 * does for auth. A TypeScript source (or a module it imports) registers before
 * it is validated, so `sluice validate`, `cdk synth` and the Lambda bundle all
 * know the type.
 */
import { BUILT_IN_PAGINATOR_TYPES, isBuiltInPaginatorType } from '../config/paginatorTypes';
import { preview } from '../config/formatIssues';
import { didYouMean } from '../config/nearMiss';
import type { PaginatorFactory } from './PaginatorFactory';

const factories = new Map<string, PaginatorFactory>();

/**
 * Registers a custom paginator type.
 * @throws TypeError for a name that is not lowercase letters, digits and underscores, or that a built-in paginator has
 * @example registerPaginator('continuation_header', (config, ctx) => new ContinuationHeaderPaginator(parsePaginatorConfig(Schema, config, ctx)));
 */
export function registerPaginator(type: string, factory: PaginatorFactory): void {
  if (!/^[a-z][a-z0-9_]*$/.test(type)) {
    throw new TypeError(`registerPaginator: type "${type}" must be lowercase letters, digits and underscores`);
  }
  // The schema reads a built-in name as the built-in paginator: such a registration would never be used.
  if (isBuiltInPaginatorType(type)) throw new TypeError(`registerPaginator: "${type}" is a built-in paginator type; register yours under another name`);
  factories.set(type, factory);
}

/** The factory registered for `type`, if any. */
export function registeredPaginator(type: string): PaginatorFactory | undefined {
  return factories.get(type);
}

/** The names of every registered custom type. */
export function registeredPaginatorTypes(): string[] {
  return [...factories.keys()];
}

/** Test-only: removes a registration. */
export function unregisterPaginator(type: string): void {
  factories.delete(type);
}

/**
 * The message of a paginator type that is neither built in nor registered, for
 * validation and for the run: the accepted names, built-ins first, the
 * closest one, and how to add one.
 */
export function unknownPaginatorMessage(type: string): string {
  const accepted = [...BUILT_IN_PAGINATOR_TYPES, ...registeredPaginatorTypes()];
  return `unknown paginator type ${preview(type)}; accepted: ${accepted.join(', ')}${didYouMean(type, accepted)} (custom types need registerPaginator(${preview(type)}, factory) in a TypeScript source)`;
}
