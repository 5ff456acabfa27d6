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

/**
 * A moto S3 client that logs the name of every command it sends (`GetObjectCommand`, …),
 * so that a test can count the requests a piece of the engine makes.
 */
export function countingS3Client(): { client: S3Client; commands: string[]; count: (name: string) => number } {
  const client = testS3Client();
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'logCommands' },
  );
  return { client, commands, count: (name) => commands.filter((c) => c === name).length };
}
