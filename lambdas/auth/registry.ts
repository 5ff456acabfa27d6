/**
 * The registry of custom auth types: `registerAuth("my_type", factory)` makes a
 * strategy usable by `type` in a declarative source. A TypeScript source (or a
 * module it imports) registers before it is validated, so `cdk synth`, the CLI
 * and the Lambda bundle all know the type.
 */
import type { AuthFactory } from './AuthContext';

const factories = new Map<string, AuthFactory>();

/**
 * Registers a custom auth type.
 * @example registerAuth('session_login', (config, ctx) => new SessionLoginAuth(config, ctx));
 */
export function registerAuth(type: string, factory: AuthFactory): void {
  if (!/^[a-z][a-z0-9_]*$/.test(type)) {
    throw new TypeError(`registerAuth: type "${type}" must be lowercase letters, digits and underscores`);
  }
  factories.set(type, factory);
}

/** The factory registered for `type`, if any. */
export function registeredAuth(type: string): AuthFactory | undefined {
  return factories.get(type);
}

/** The names of every registered custom type. */
export function registeredAuthTypes(): string[] {
  return [...factories.keys()];
}

/** Test-only: removes a registration. */
export function unregisterAuth(type: string): void {
  factories.delete(type);
}
