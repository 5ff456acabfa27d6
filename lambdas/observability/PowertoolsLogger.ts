/**
 * The Lambda's logger: structured JSON lines through Powertools Logger, with
 * every message and attribute passed through the Redactor first.
 */
import { Logger as Powertools } from '@aws-lambda-powertools/logger';
import { redact } from '../secrets/Redactor';
import type { Logger } from './Logger';
import { safeAttributes } from './safeAttributes';

/** Options of {@link PowertoolsLogger}. */
export interface PowertoolsLoggerOptions {
  /** The `service` key of every line. @default POWERTOOLS_SERVICE_NAME, else `sluice` */
  readonly serviceName?: string;
  /** @default POWERTOOLS_LOG_LEVEL, else `INFO` */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** An existing Powertools logger to write through (tests, custom setups). */
  readonly powertools?: Powertools;
}

/** A {@link Logger} writing redacted, structured JSON through Powertools. */
export class PowertoolsLogger implements Logger {
  /** The underlying Powertools logger (for `addContext`). */
  readonly powertools: Powertools;

  constructor(
    options: PowertoolsLoggerOptions = {},
    private readonly attributes: Record<string, unknown> = {},
  ) {
    this.powertools =
      options.powertools ??
      new Powertools({
        serviceName: options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'sluice',
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      });
  }

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.powertools.debug(redact(message), this.merge(attributes));
  }

  info(message: string, attributes?: Record<string, unknown>): void {
    this.powertools.info(redact(message), this.merge(attributes));
  }

  warn(message: string, attributes?: Record<string, unknown>): void {
    this.powertools.warn(redact(message), this.merge(attributes));
  }

  error(message: string, attributes?: Record<string, unknown>): void {
    this.powertools.error(redact(message), this.merge(attributes));
  }

  child(attributes: Record<string, unknown>): Logger {
    return new PowertoolsLogger({ powertools: this.powertools }, { ...this.attributes, ...attributes });
  }

  private merge(attributes: Record<string, unknown> | undefined): Record<string, unknown> {
    return safeAttributes({ ...this.attributes, ...attributes });
  }
}
