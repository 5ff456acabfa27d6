/**
 * The logger interface the engine writes to. The Lambda and the CLI supply
 * implementations (structured JSON through Powertools, or the CLI's stderr);
 * every implementation redacts secret values before anything is written.
 */
export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
  /** A logger that adds `attributes` (e.g. `resource`) to every line. */
  child(attributes: Record<string, unknown>): Logger;
}

/** A logger that writes nothing (tests, dry calls). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
