/**
 * Helpers for tests that talk to moto through the real SDK clients. Names are
 * made unique per call, since test files share one moto server in parallel.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The moto endpoint set by the global setup. */
export function motoEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: the jest global setup starts moto and sets it');
  return endpoint;
}

/** A name that no other test uses: `<prefix>-<8 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** An S3 client for moto (path-style, as moto on an IP endpoint needs). */
export function testS3Client(): S3Client {
  return new S3Client({ endpoint: motoEndpoint(), forcePathStyle: true, region: 'us-east-1' });
}

/** An SSM client for moto. */
export function testSsmClient(): SSMClient {
  return new SSMClient({ endpoint: motoEndpoint(), region: 'us-east-1' });
}

/** Creates a fresh bucket in moto and returns its name. */
export async function createTestBucket(prefix = 'sluice-test'): Promise<string> {
  const bucket = uniqueName(prefix);
  await testS3Client().send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** A moto SSM client that counts the API calls it sends (warm-reuse tests count round trips with it). */
export function countingSsmClient(): { client: SSMClient; calls: () => number } {
  const client = testSsmClient();
  let calls = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { client, calls: () => calls };
}

/** One request a {@link countingS3Client} sent: the command and the key or prefix it named. */
export interface S3Request {
  readonly command: string;
  readonly key?: string;
  readonly prefix?: string;
  readonly startAfter?: string;
}

/**
 * A moto S3 client that logs every command it sends (`GetObjectCommand`, …)
 * with the key or prefix it names, so that a test can count the requests a
 * piece of the engine makes. `commands` holds the names alone.
 */
export function countingS3Client(): { client: S3Client; commands: string[]; requests: S3Request[]; count: (name: string) => number } {
  const client = testS3Client();
  const commands: string[] = [];
  const requests: S3Request[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as { Key?: string; Prefix?: string; StartAfter?: string };
      commands.push(command);
      requests.push({ command, ...(input.Key !== undefined ? { key: input.Key } : {}), ...(input.Prefix !== undefined ? { prefix: input.Prefix } : {}), ...(input.StartAfter !== undefined ? { startAfter: input.StartAfter } : {}) });
      return next(args);
    },
    { step: 'initialize', name: 'logCommands' },
  );
  return { client, commands, requests, count: (name) => commands.filter((c) => c === name).length };
}
