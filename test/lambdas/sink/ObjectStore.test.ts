import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../../../lambdas/errors/StorageError';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { isLocalEndpoint, S3Store } from '../../../lambdas/sink/S3Store';
import { countingS3Client, createTestBucket, testS3Client, uniqueName } from '../../support/aws';
import { startFaultProxy } from '../../support/faultProxy';
import { S3_STORE, STORES } from './storeFixtures';

describe.each(STORES)('ObjectStore: %s', (_name, factory) => {
  it('stores bytes and streams and reads them back', async () => {
    const { store } = await factory.create();
    await store.putBytes('src/_manifests/a.json', '{"a":1}', 'application/json');
    await store.putStream('src/res/part-00000.jsonl.gz', Readable.from([Buffer.from('hello '), Buffer.from('world')]), 'application/gzip');
    expect((await store.get('src/_manifests/a.json'))?.toString()).toBe('{"a":1}');
    expect((await store.get('src/res/part-00000.jsonl.gz'))?.toString()).toBe('hello world');
  });

  it('returns undefined when reading a key that does not exist', async () => {
    const { store } = await factory.create();
    expect(await store.get('nope/missing.json')).toBeUndefined();
  });

  it('lists keys under a prefix, recursively and sorted, with startAfter', async () => {
    const { store } = await factory.create();
    for (const key of ['s/_manifests/b.json', 's/r/dt=2026-01-01/x/part-00001.jsonl.gz', 's/_manifests/a.json', 's/r/dt=2026-01-01/x/part-00000.jsonl.gz', 't/other.json']) {
      await store.putBytes(key, 'x', 'application/json');
    }
    expect(await store.list('s/')).toEqual([
      's/_manifests/a.json',
      's/_manifests/b.json',
      's/r/dt=2026-01-01/x/part-00000.jsonl.gz',
      's/r/dt=2026-01-01/x/part-00001.jsonl.gz',
    ]);
    expect(await store.list('s/_manifests/')).toEqual(['s/_manifests/a.json', 's/_manifests/b.json']);
    expect(await store.list('s/_man')).toEqual(['s/_manifests/a.json', 's/_manifests/b.json']);
    expect(await store.list('s/_manifests/', 's/_manifests/a.json')).toEqual(['s/_manifests/b.json']);
    expect(await store.list('nothing/')).toEqual([]);
  });

  it('deletes a key and ignores a missing one', async () => {
    const { store } = await factory.create();
    await store.putBytes('s/a.json', 'x', 'application/json');
    await store.delete('s/a.json');
    await store.delete('s/a.json');
    expect(await store.list('s/')).toEqual([]);
  });

  it('creates an object only if the key is free: of writers racing for one key exactly one wins', async () => {
    const { store } = await factory.create();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.putIfAbsent('s/_commits/0000000001.json', `{"writer":${i}}`, 'application/json')));
    const winners = results.flatMap((tag, i) => (tag === undefined ? [] : [i]));
    expect(winners).toHaveLength(1);
    expect((await store.get('s/_commits/0000000001.json'))?.toString()).toBe(`{"writer":${winners[0]}}`);
    expect(await store.putIfAbsent('s/_commits/0000000001.json', 'late', 'application/json')).toBeUndefined();
    // No temporary file or partial object is left by the losers.
    expect(await store.list('s/')).toEqual(['s/_commits/0000000001.json']);
  });

  it('stores nothing when the stream fails midway', async () => {
    const { store } = await factory.create();
    const body = new Readable({ read() {} });
    body.push(Buffer.from('partial'));
    const put = store.putStream('s/broken.jsonl.gz', body, 'application/gzip');
    body.destroy(new Error('producer failed'));
    await expect(put).rejects.toBeInstanceOf(StorageError);
    expect(await store.list('s/')).toEqual([]);
  });
});

describe('S3Store', () => {
  it('follows continuation tokens when a listing spans several pages', async () => {
    const { store } = await S3_STORE.create({ listPageSize: 2 });
    const keys = ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'];
    for (const key of keys) await store.putBytes(key, 'x', 'text/plain');
    expect(await store.list('p/')).toEqual(keys);
    expect(await store.list('p/', 'p/2')).toEqual(['p/3', 'p/4', 'p/5']);
  });

  // moto 5.2 honours If-None-Match: * and If-Match on PutObject (412 PreconditionFailed), as S3 does,
  // so these run against moto itself; the S3 test proxy enforces no condition of its own.
  it('replaces an object only at the version it was read at', async () => {
    const store = (await S3_STORE.create()).store as S3Store;
    const first = (await store.putIfAbsent('s/_state/lease.json', 'v1', 'application/json')) as string;
    expect(first).toMatch(/^"[0-9a-f]{32}"$/);
    const read = await store.getTagged('s/_state/lease.json');
    expect(read).toEqual({ body: Buffer.from('v1'), tag: first });
    const second = await store.putIfTag('s/_state/lease.json', 'v2', 'application/json', first);
    expect(second).toBeDefined();
    expect(await store.putIfTag('s/_state/lease.json', 'v3', 'application/json', first)).toBeUndefined();
    expect(await store.putIfTag('s/_state/missing.json', 'v3', 'application/json', first)).toBeUndefined();
    expect((await store.get('s/_state/lease.json'))?.toString()).toBe('v2');
    expect(await store.getTagged('s/_state/missing.json')).toBeUndefined();
  });

  it('deletes many keys in one DeleteObjects request per 1000, an absent key included', async () => {
    const bucket = await createTestBucket('sluice-batch');
    const counting = countingS3Client();
    const store = new S3Store({ bucket, client: counting.client });
    const keys = Array.from({ length: 1001 }, (_, i) => `d/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => store.putBytes(key, 'x', 'text/plain')));
    await store.putBytes('keep/0', 'x', 'text/plain');
    counting.commands.length = 0;
    await store.deleteMany([...keys, 'd/absent']);
    expect(counting.commands).toEqual(['DeleteObjectsCommand', 'DeleteObjectsCommand']);
    expect(await store.list('')).toEqual(['keep/0']);
  });

  it('fails a batch delete that left a key in place, naming the key and the reason', async () => {
    // A DeleteObjects request succeeds as a whole and reports each key it could not delete in its body.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><DeleteResult><Error><Key>d/1</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', maxAttempts: 1 });
      const error = await new S3Store({ bucket: 'b', client }).deleteMany(['d/0', 'd/1']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toBe('delete s3://b/d/0 failed: 1 of 2 objects not deleted (d/1: AccessDenied Access Denied)');
      client.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends a conditional write again after S3 answers 409 ConditionalRequestConflict, and gives up after three', async () => {
    const proxy = await startFaultProxy();
    try {
      const bucket = await createTestBucket('sluice-sink');
      const store = new S3Store({ bucket, client: proxy.client() });
      proxy.addFault({ operation: 'PutObject', key: 's/_commits/', kind: 'conflict' });
      expect(await store.putIfAbsent('s/_commits/0000000001.json', 'v1', 'application/json')).toMatch(/^"[0-9a-f]{32}"$/);
      expect(proxy.requests.filter((r) => r.operation === 'PutObject').map((r) => r.status)).toEqual([409, 200]);
      // After the retry the condition is moto's again: the key is taken.
      expect(await store.putIfAbsent('s/_commits/0000000001.json', 'v2', 'application/json')).toBeUndefined();

      proxy.addFault({ operation: 'PutObject', key: 's/_state/', kind: 'conflict', times: 3 });
      await expect(store.putIfAbsent('s/_state/lease.json', 'v1', 'application/json')).rejects.toThrow(/putIfAbsent s3:\/\/.*s\/_state\/lease\.json failed: ConditionalRequestConflict/);
      expect(await store.get('s/_state/lease.json')).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it('wraps an SDK error once, naming the operation, bucket and key', async () => {
    const store = new S3Store({ bucket: uniqueName('no-such-bucket') });
    const error = await store.get('a/b.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^get s3:\/\/no-such-bucket-[0-9a-f]{8}\/a\/b\.json failed: NoSuchBucket/);
    expect((error as StorageError).cause).toBeDefined();
    expect((error as StorageError).cause).not.toBeInstanceOf(StorageError);
  });

  it('requests server-side encryption only when asked', async () => {
    const bucket = await createTestBucket('sluice-sse');
    await new S3Store({ bucket, serverSideEncryption: 'AES256' }).putStream('enc.bin', Readable.from([Buffer.from('x')]), 'application/octet-stream');
    const head = await testS3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: 'enc.bin' }));
    expect(head.ServerSideEncryption).toBe('AES256');
  });

  it('uses path-style addressing for IP and localhost endpoints only', () => {
    expect(isLocalEndpoint('http://127.0.0.1:5000')).toBe(true);
    expect(isLocalEndpoint('http://localhost:4566')).toBe(true);
    expect(isLocalEndpoint('http://[::1]:4566')).toBe(true);
    expect(isLocalEndpoint('https://s3.eu-west-1.amazonaws.com')).toBe(false);
  });
});

describe('LocalStore', () => {
  it('rejects keys that would leave the output directory', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'sluice-keys-')));
    for (const key of ['../escape.json', 'a/../../escape.json', '/etc/passwd', 'a//b', 'a\\b', '']) {
      await expect(store.putBytes(key, 'x', 'text/plain')).rejects.toThrow(/not a relative path inside the output directory/);
    }
  });

  it('never lists its temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-tmp-'));
    const store = new LocalStore(dir);
    await store.putBytes('s/a.json', 'x', 'application/json');
    await writeFile(join(dir, 's', '.sluice-0123-b.json'), 'partial');
    expect(await store.list('s/')).toEqual(['s/a.json']);
    expect((await readdir(join(dir, 's'))).sort()).toEqual(['.sluice-0123-b.json', 'a.json']);
  });
});
