/**
 * The {@link ObjectStore} of the Lambda (and `sluice run --bucket`): S3 through
 * the SDK v3. Streams go up through `@aws-sdk/lib-storage`'s `Upload`, which
 * uses one PutObject for a small body and a multipart upload for a large one,
 * holding at most `queueSize` parts of `partSizeBytes` in memory.
 */
import type { Readable } from 'node:stream';
import type { ServerSideEncryption } from '@aws-sdk/client-s3';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StorageOperation } from '../errors/StorageError';
import { StorageError } from '../errors/StorageError';
import type { ObjectStore, TaggedObject } from './ObjectStore';

/** Options of {@link S3Store}. */
export interface S3StoreOptions {
  /** The bucket; keys are relative to it. */
  readonly bucket: string;
  /**
   * The client. @default one client per bucket, kept in module scope for warm
   * invocations; it honours `AWS_ENDPOINT_URL(_S3)` and uses path-style
   * addressing when that endpoint is an IP address or localhost (moto).
   */
  readonly client?: S3Client;
  /** Multipart part size (S3's minimum is 5 MiB). @default 8 MiB */
  readonly partSizeBytes?: number;
  /** Parts of one upload sent at once. @default 2 */
  readonly queueSize?: number;
  /** Server-side encryption to request. @default undefined: the bucket's default encryption applies */
  readonly serverSideEncryption?: ServerSideEncryption;
  /** Keys per ListObjectsV2 page. @default S3's 1000 */
  readonly listPageSize?: number;
  /** The KMS key for `serverSideEncryption: 'aws:kms'`. @default the bucket's (or AWS-managed) key */
  readonly sseKmsKeyId?: string;
}

/** Defaults of {@link S3StoreOptions}. */
export const S3_STORE_DEFAULTS = Object.freeze({ partSizeBytes: 8 * 1024 * 1024, queueSize: 2 });

const clients = new Map<string, S3Client>();

/** The module-scope client of a bucket, created on first use. */
export function s3ClientFor(bucket: string): S3Client {
  let client = clients.get(bucket);
  if (!client) {
    const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    client = new S3Client(endpoint && isLocalEndpoint(endpoint) ? { forcePathStyle: true } : {});
    clients.set(bucket, client);
  }
  return client;
}

/** Forgets the module-scope clients (tests that change the environment). */
export function clearS3Clients(): void {
  clients.clear();
}

/** True for an endpoint whose host is an IP address or localhost: virtual-hosted bucket names cannot resolve there. */
export function isLocalEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** An {@link ObjectStore} over one S3 bucket. */
export class S3Store implements ObjectStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly listPageSize: number | undefined;
  private readonly encryption: { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string };

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.location = `s3://${options.bucket}`;
    this.client = options.client ?? s3ClientFor(options.bucket);
    this.partSize = options.partSizeBytes ?? S3_STORE_DEFAULTS.partSizeBytes;
    this.queueSize = options.queueSize ?? S3_STORE_DEFAULTS.queueSize;
    this.listPageSize = options.listPageSize;
    this.encryption = {
      ...(options.serverSideEncryption ? { ServerSideEncryption: options.serverSideEncryption } : {}),
      ...(options.sseKmsKeyId ? { SSEKMSKeyId: options.sseKmsKeyId } : {}),
    };
  }

  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...this.encryption },
      partSize: this.partSize,
      queueSize: this.queueSize,
      // A failed multipart upload is aborted, so no parts linger (and are billed).
      leavePartsOnError: false,
    });
    await this.call('putStream', key, () => upload.done());
  }

  async putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.call('putBytes', key, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...this.encryption })),
    );
  }

  async putIfAbsent(key: string, body: Uint8Array | string, contentType: string): Promise<string | undefined> {
    return this.conditionalPut('putIfAbsent', key, { Body: body, ContentType: contentType, IfNoneMatch: '*' });
  }

  async getTagged(key: string): Promise<TaggedObject | undefined> {
    return this.call('get', key, async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        const body = response.Body ? Buffer.from(await response.Body.transformToByteArray()) : Buffer.alloc(0);
        return { body, tag: response.ETag ?? '' };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async putIfTag(key: string, body: Uint8Array | string, contentType: string, tag: string): Promise<string | undefined> {
    return this.conditionalPut('putIfTag', key, { Body: body, ContentType: contentType, IfMatch: tag });
  }

  /**
   * A PutObject with a precondition: the new ETag, or undefined when S3 refused
   * it (412; for `If-Match` also 404, the object is gone). A 409 means another
   * conditional write of the key was in flight; S3 asks for a retry.
   */
  private async conditionalPut(
    operation: StorageOperation,
    key: string,
    params: { Body: Uint8Array | string; ContentType: string; IfNoneMatch?: string; IfMatch?: string },
  ): Promise<string | undefined> {
    return this.call(operation, key, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, ...params, ...this.encryption }));
          return response.ETag ?? '';
        } catch (error) {
          const status = statusOf(error);
          if (status === 412 || (params.IfMatch !== undefined && isNotFound(error))) return undefined;
          if (status === 409 && attempt < CONFLICT_ATTEMPTS) continue;
          throw error;
        }
      }
    });
  }

  async get(key: string): Promise<Buffer | undefined> {
    return this.call('get', key, async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        if (!response.Body) return Buffer.alloc(0);
        return Buffer.from(await response.Body.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    return this.call('list', prefix, async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
            // StartAfter is ignored by S3 once a continuation token is sent; sending it only first keeps that explicit.
            ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    });
  }

  async delete(key: string): Promise<void> {
    await this.call('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      await this.call('delete', batch[0], async () => {
        // Quiet: S3 answers with the failures only. A request that succeeds can still leave keys undeleted.
        const { Errors } = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        const failed = Errors ?? [];
        if (failed.length > 0) {
          const named = failed.slice(0, 3).map((e) => `${e.Key ?? '?'}: ${e.Code ?? 'error'}${e.Message ? ` ${e.Message}` : ''}`);
          throw new Error(`${failed.length} of ${batch.length} objects not deleted (${named.join('; ')}${failed.length > 3 ? '; …' : ''})`);
        }
      });
    }
  }

  private async call<T>(operation: StorageOperation, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw StorageError.wrap({ operation, location: this.location, key }, error);
    }
  }
}

/** Keys per DeleteObjects request: S3's limit. */
const DELETE_BATCH = 1000;

/** Tries of a conditional write that meets a concurrent one (409 ConditionalRequestConflict). */
const CONFLICT_ATTEMPTS = 3;

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'PreconditionFailed') return 412;
  if (e.name === 'ConditionalRequestConflict') return 409;
  return e.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a 404 too, but a configuration error, not an absent object.
  if (e.name === 'NoSuchBucket' || e.Code === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.Code === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
