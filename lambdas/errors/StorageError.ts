import { SluiceError } from './SluiceError';

/** The storage operation that failed. */
export type StorageOperation = 'putStream' | 'putBytes' | 'putIfAbsent' | 'putIfTag' | 'get' | 'list' | 'delete';

/** Context of a {@link StorageError}. */
export interface StorageErrorContext {
  readonly operation: StorageOperation;
  /** The store's location: `s3://bucket` or a directory path. */
  readonly location: string;
  /** The object key (or the listed prefix). */
  readonly key: string;
}

/**
 * Reading or writing the output store (S3 or the local `--out` directory)
 * failed. Wraps the SDK or file-system error once, as `cause`, and names the
 * operation, the bucket (or directory) and the key.
 */
export class StorageError extends SluiceError {
  readonly code = 'storage_failed';
  readonly kind = 'run' as const;
  readonly hint =
    'Check the bucket (or --out directory) and the permissions of the credentials you run with; a failed run leaves its committed data and state untouched, so rerunning is safe.';
  readonly operation: StorageOperation;
  readonly location: string;
  readonly key: string;

  constructor(context: StorageErrorContext, detail: string, options?: { cause?: unknown }) {
    super(`${context.operation} ${context.location.replace(/\/$/, '')}/${context.key} failed: ${detail}`, options);
    this.operation = context.operation;
    this.location = context.location;
    this.key = context.key;
  }

  /** Wraps a foreign (SDK, file-system) error exactly once; a StorageError passes through unchanged. */
  static wrap(context: StorageErrorContext, cause: unknown): StorageError {
    if (cause instanceof StorageError) return cause;
    const detail = cause instanceof Error ? `${cause.name !== 'Error' ? `${cause.name}: ` : ''}${cause.message}` : String(cause);
    return new StorageError(context, detail, { cause });
  }
}
