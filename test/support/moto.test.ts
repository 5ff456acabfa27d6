import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
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
});
