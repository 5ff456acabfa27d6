import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { createTestBucket, testS3Client, testSsmClient, uniqueName } from './aws';

describe('local AWS (moto)', () => {
  it('stores and returns an S3 object through the real SDK client', async () => {
    const bucket = await createTestBucket();
    const s3 = testS3Client();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });

  it('decrypts a SecureString parameter through the real SDK client', async () => {
    const ssm = testSsmClient();
    const name = `/sluice-test/${uniqueName('p')}/token`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: 's3cr3t', Type: 'SecureString' }));
    const got = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    expect(got.Parameter?.Value).toBe('s3cr3t');
    expect(got.Parameter?.Type).toBe('SecureString');
  });

  /**
   * What the commit protocol's proofs rest on (docs/guarantees.md): moto's
   * server itself refuses a conditional write whose condition fails, on
   * requests the production SDK signs, as S3 does. Nothing in between: no
   * proxy, no wrapper.
   */
  describe('conditional writes on signed requests', () => {
    const status = async (s3: S3Client, command: PutObjectCommand | CompleteMultipartUploadCommand): Promise<number | string> =>
      s3.send(command as PutObjectCommand).then(
        () => 200,
        (error: { $metadata?: { httpStatusCode?: number }; name?: string }) => `${error.$metadata?.httpStatusCode} ${error.name}`,
      );
    const body = async (s3: S3Client, Bucket: string, Key: string): Promise<string | undefined> => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();

    it('refuses PutObject with If-None-Match: * on an existing key with 412, and leaves the object as it was', async () => {
      const s3 = testS3Client();
      const bucket = await createTestBucket();
      expect(await status(s3, new PutObjectCommand({ Bucket: bucket, Key: 'c.json', Body: 'first', IfNoneMatch: '*' }))).toBe(200);
      expect(await status(s3, new PutObjectCommand({ Bucket: bucket, Key: 'c.json', Body: 'second', IfNoneMatch: '*' }))).toBe('412 PreconditionFailed');
      expect(await body(s3, bucket, 'c.json')).toBe('first');
    });

    it('refuses PutObject with If-Match at an old ETag with 412, and at a missing key with 404', async () => {
      const s3 = testS3Client();
      const bucket = await createTestBucket();
      const { ETag: first } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'l.json', Body: 'v1' }));
      expect(await status(s3, new PutObjectCommand({ Bucket: bucket, Key: 'l.json', Body: 'v2', IfMatch: first }))).toBe(200);
      expect(await status(s3, new PutObjectCommand({ Bucket: bucket, Key: 'l.json', Body: 'v3', IfMatch: first }))).toBe('412 PreconditionFailed');
      expect(await body(s3, bucket, 'l.json')).toBe('v2');
      expect(await status(s3, new PutObjectCommand({ Bucket: bucket, Key: 'gone.json', Body: 'v1', IfMatch: first }))).toBe('404 NoSuchKey');
    });

    it('refuses CompleteMultipartUpload with If-None-Match: * on an existing key with 412', async () => {
      const s3 = testS3Client();
      const bucket = await createTestBucket();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'p.gz', Body: 'first' }));
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'p.gz' }));
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'p.gz', UploadId, PartNumber: 1, Body: 'second' }));
      const complete = new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'p.gz', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] }, IfNoneMatch: '*' });
      expect(await status(s3, complete)).toBe('412 PreconditionFailed');
      expect(await body(s3, bucket, 'p.gz')).toBe('first');
    });
  });
});
