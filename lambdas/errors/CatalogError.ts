import { SluiceError } from './SluiceError';

/**
 * Registering committed runs in the Glue Data Catalog failed. The run itself
 * is committed (registration comes after the commit and never undoes it); the
 * next run registers what is missing. Wraps the SDK error once, as `cause`,
 * and names the database and the table.
 */
export class CatalogError extends SluiceError {
  readonly code = 'catalog_failed';
  readonly kind = 'run' as const;
  readonly hint =
    'The data is committed and readable through the manifests; only the Glue tables lag. Check the Glue database exists and the permissions of the credentials you run with; the next run registers every committed run that is missing.';
  /** The Glue database. */
  readonly database: string;
  /** The table or view, when one was being changed. */
  readonly table: string | undefined;

  constructor(database: string, table: string | undefined, detail: string, options?: { cause?: unknown }) {
    super(`Glue catalog ${database}${table ? `.${table}` : ''}: ${detail}`, options);
    this.database = database;
    this.table = table;
  }

  /** Wraps a foreign (SDK) error exactly once; a CatalogError passes through unchanged. */
  static wrap(database: string, table: string | undefined, cause: unknown): CatalogError {
    if (cause instanceof CatalogError) return cause;
    const detail = cause instanceof Error ? `${cause.name !== 'Error' ? `${cause.name}: ` : ''}${cause.message}` : String(cause);
    return new CatalogError(database, table, detail, { cause });
  }
}
