import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { dataPrefix } from '../../../lambdas/commit/layout';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import type { FileEntry } from '../../../lambdas/sink/ResourceWriter';
import { GZIP_WRITE_BUFFER_BYTES, ResourceWriter } from '../../../lambdas/sink/ResourceWriter';
import { partKey } from '../../../lambdas/sink/partKey';
import { testS3Client } from '../../support/aws';
import { GatedStore, S3_STORE, settleEventLoop, STORES } from './storeFixtures';

const PREFIX = dataPrefix('raw', 'acme', 'users', new Date('2026-11-29T02:00:00.000Z'), '20261129T020000Z-0a1b2c3d');

/** Decompresses a stored part with the system's gzip, as a consumer's tools would, and parses each line. */
async function readWithGzip(store: ObjectStore, key: string): Promise<{ raw: Buffer; records: unknown[] }> {
  const raw = await store.get(key);
  if (!raw) throw new Error(`${key} is missing`);
  const file = join(await mkdtemp(join(tmpdir(), 'sluice-gz-')), 'part.jsonl.gz');
  await writeFile(file, raw);
  const gunzip = spawnSync('gzip', ['-dc', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (gunzip.status !== 0) throw new Error(`gzip -dc failed: ${gunzip.stderr}`);
  const lines = gunzip.stdout.split('\n');
  expect(lines.pop()).toBe(''); // every line ends with a newline
  return { raw, records: lines.map((line) => JSON.parse(line) as unknown) };
}

/** Writes one record at a time, as a run writes pages of one record, then closes. */
async function writeAll(writer: ResourceWriter, records: readonly unknown[]): Promise<FileEntry[]> {
  for (const record of records) await writeOne(writer, record);
  return writer.close();
}

const writeOne = (writer: ResourceWriter, record: unknown): Promise<void> => writer.writeLines([JSON.stringify(record)]);

/** The bytes a record takes in a part: its JSON line and the newline. */
const lineBytes = (r: unknown): number => Buffer.byteLength(`${JSON.stringify(r)}\n`);

/**
 * The parts hold `input` in order, the manifest entries count them, and each
 * part but the last is as full as the limits allow: the next record would
 * break one of them.
 */
async function expectPartsFull(store: ObjectStore, files: readonly FileEntry[], input: readonly unknown[], limits: { maxRecords: number; maxBytes: number }): Promise<void> {
  const parts = await Promise.all(files.map(async (f) => (await readWithGzip(store, f.key)).records));
  expect(parts.flat()).toEqual(input);
  let next = 0;
  for (const [i, part] of parts.entries()) {
    next += part.length;
    const bytes = part.reduce((n: number, r) => n + lineBytes(r), 0);
    expect(part.length).toBeLessThanOrEqual(limits.maxRecords);
    expect(bytes).toBeLessThanOrEqual(limits.maxBytes);
    if (i < parts.length - 1) expect(part.length === limits.maxRecords || bytes + lineBytes(input[next]) > limits.maxBytes).toBe(true);
  }
  expect(files.map((f) => f.records)).toEqual(parts.map((p) => p.length));
}

const records = (n: number, from = 0): Array<Record<string, unknown>> =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, name: `user ${from + i}`, tags: ['a', 'b'], note: 'line\nbreak ünïcödé 🚀', nested: { x: null } }));

/** A record whose JSON barely compresses (random base64). */
const noisy = (i: number, size: number): Record<string, unknown> => ({ id: i, blob: randomBytes(size).toString('base64') });

describe.each(STORES)('ResourceWriter on %s', (_name, factory) => {
  it('rolls over by records and names parts part-NNNNN.jsonl.gz under the key prefix', async () => {
    const { store } = await factory.create();
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 10, partMaxBytes: 1 << 30 });
    const files = await writeAll(writer, records(25));
    expect(PREFIX).toBe('raw/acme/users/dt=2026-11-29/20261129T020000Z-0a1b2c3d/');
    expect(files.map((f) => f.key)).toEqual([`${PREFIX}part-00000.jsonl.gz`, `${PREFIX}part-00001.jsonl.gz`, `${PREFIX}part-00002.jsonl.gz`]);
    expect(files.map((f) => f.records)).toEqual([10, 10, 5]);
    expect(await store.list(PREFIX)).toEqual(files.map((f) => f.key));
    expect(writer.nextPartNumber).toBe(3);
  });

  it('rolls over before a part would exceed partMaxBytes uncompressed', async () => {
    const { store } = await factory.create();
    const input = [...records(7), { id: 'big', blob: 'x'.repeat(600) }, ...records(3, 7)];
    const maxBytes = lineBytes(input[0]) * 2 + 10; // two ordinary records fit, a third does not
    const files = await writeAll(new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 1000, partMaxBytes: maxBytes }), input);
    const parts = await Promise.all(files.map(async (f) => (await readWithGzip(store, f.key)).records));
    expect(parts.flat()).toEqual(input);
    for (const part of parts) {
      const size = part.reduce<number>((sum, r) => sum + lineBytes(r), 0);
      // Only a single record larger than the limit may make a part exceed it.
      expect(size <= maxBytes || part.length === 1).toBe(true);
    }
    expect(parts.map((p) => p.length)).toEqual([2, 2, 2, 1, 1, 2, 1]);
  });

  it('writes gzip JSON Lines that gzip -dc reads, with records, bytes and sha256 of the stored object', async () => {
    const { store } = await factory.create();
    const input = records(30);
    const files = await writeAll(new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 12, partMaxBytes: 1 << 30 }), input);
    const all: unknown[] = [];
    for (const file of files) {
      const { raw, records: lines } = await readWithGzip(store, file.key);
      expect(file.bytes).toBe(raw.length);
      expect(file.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
      expect(file.records).toBe(lines.length);
      all.push(...lines);
    }
    expect(all).toEqual(input);
  });

  it('continues the part numbering from firstPartNumber', async () => {
    const { store } = await factory.create();
    const files = await writeAll(new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 2, partMaxBytes: 1 << 30, firstPartNumber: 7 }), records(3));
    expect(files.map((f) => f.key.slice(PREFIX.length))).toEqual(['part-00007.jsonl.gz', 'part-00008.jsonl.gz']);
  });

  it('writes pages through writeLines, in order, with part boundaries exact across 64 KiB chunks', async () => {
    const { store } = await factory.create();
    const input = Array.from({ length: 900 }, (_, i) => ({ id: i, pad: 'p'.repeat(300 + (i % 7)) }));
    const maxBytes = 100 * 1024;
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 250, partMaxBytes: maxBytes });
    await writer.writeLines(input.slice(0, 400).map((r) => JSON.stringify(r)));
    await writer.writeLines(input.slice(400).map((r) => JSON.stringify(r)));
    const files = await writer.close();
    await expectPartsFull(store, files, input, { maxRecords: 250, maxBytes });
  });

  it('fills each part to its byte limit exactly when pages of many lines cross it', async () => {
    const { store } = await factory.create();
    const input = Array.from({ length: 3000 }, (_, i) => ({ id: i, note: `ünï ${'n'.repeat(60 + (i % 13))}` }));
    const maxBytes = 50 * 1024;
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 100_000, partMaxBytes: maxBytes });
    for (let page = 0; page < 3; page++) await writer.writeLines(input.slice(page * 1000, page * 1000 + 1000).map((r) => JSON.stringify(r)));
    const files = await writer.close();
    await expectPartsFull(store, files, input, { maxRecords: 100_000, maxBytes });
  });

  it('writes lines larger than a 64 KiB chunk, and multi-byte text across chunk ends, whole and in order', async () => {
    const { store } = await factory.create();
    // Lines just under, at and over a chunk, between small ones whose multi-byte characters straddle chunk ends.
    const input = [
      ...Array.from({ length: 300 }, (_, i) => ({ id: i, note: `ünïcödé 🚀 ${'é'.repeat(i % 50)}` })),
      { id: 'under', blob: 'u'.repeat(64 * 1024 - 40) },
      { id: 'over', blob: '🚀'.repeat(20_000) },
      ...Array.from({ length: 300 }, (_, i) => ({ id: 300 + i, note: '日本語'.repeat(1 + (i % 9)) })),
      { id: 'huge', blob: 'h'.repeat(300 * 1024) },
      { id: 'last' },
    ];
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 100_000, partMaxBytes: 128 * 1024 * 1024 });
    await writer.writeLines(input.map((r) => JSON.stringify(r)));
    const files = await writer.close();
    expect(files).toHaveLength(1);
    const { records: read } = await readWithGzip(store, files[0].key);
    expect(read).toEqual(input);
    expect(files[0].records).toBe(input.length);
  });

  it('starts a new part before a key the open part already holds, so no part holds one key twice', async () => {
    const { store } = await factory.create();
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 100, partMaxBytes: 1 << 20 });
    const rows = [{ id: 1, v: 'a' }, { id: 2, v: 'a' }, { id: 1, v: 'b' }, { id: 3, v: 'a' }, { id: 1, v: 'c' }];
    await writer.writeLines(rows.map((r) => JSON.stringify(r)), rows.map((r) => String(r.id)));
    const files = await writer.close();
    const parts = await Promise.all(files.map(async (f) => (await readWithGzip(store, f.key)).records));
    expect(parts).toEqual([rows.slice(0, 2), rows.slice(2, 4), rows.slice(4)]);
  });

  it('keeps each call of concurrent producers whole and in call order, with parts, counts and sha256 right under back-pressure', async () => {
    const { store } = await factory.create();
    const gated = new GatedStore(store);
    const writer = new ResourceWriter({ store: gated, keyPrefix: PREFIX, partMaxRecords: 20, partMaxBytes: 1 << 30, maxPartsInFlight: 2 });
    // Eight chains, each writing 15 pages of 3 lines, all at once, as a parallelized child does.
    const chains = 8;
    const pages = 15;
    const producers = Array.from({ length: chains }, async (_, chain) => {
      for (let page = 0; page < pages; page++) {
        const lines = [0, 1, 2].map((line) => JSON.stringify({ chain, page, line, pad: 'x'.repeat(40 + chain) }));
        await writer.writeLines(lines);
      }
    });
    // The pipeline fills while every producer is mid-way: opening the next part waits for an upload.
    await gated.startedAtLeast(2);
    await settleEventLoop();
    gated.release();
    await Promise.all(producers);
    const files = await writer.close();
    const read = await Promise.all(files.map((f) => readWithGzip(store, f.key)));
    for (const [i, file] of files.entries()) {
      expect(file.records).toBe(read[i].records.length);
      expect(file.bytes).toBe(read[i].raw.length);
      expect(file.sha256).toBe(createHash('sha256').update(read[i].raw).digest('hex'));
      expect(read[i].records.length).toBeLessThanOrEqual(20);
    }
    expect(files.map((f) => f.key)).toEqual(files.map((_, i) => partKey(PREFIX, i)));
    expect(await store.list(PREFIX)).toEqual(files.map((f) => f.key));
    const all = read.flatMap((r) => r.records) as Array<{ chain: number; page: number; line: number }>;
    expect(all).toHaveLength(chains * pages * 3);
    // The three lines of one call stay together, and each chain's pages come in its order.
    for (let i = 0; i < all.length; i += 3) {
      expect(all.slice(i, i + 3).map((r) => [r.chain, r.page, r.line])).toEqual([0, 1, 2].map((line) => [all[i].chain, all[i].page, line]));
    }
    for (let chain = 0; chain < chains; chain++) {
      const order = all.filter((r) => r.chain === chain && r.line === 0).map((r) => r.page);
      expect(order).toEqual(Array.from({ length: pages }, (_, p) => p));
    }
  });

  it('writes no file for an empty resource', async () => {
    const { store } = await factory.create();
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 10, partMaxBytes: 1000 });
    expect(await writer.close()).toEqual([]);
    expect(await store.list('raw/')).toEqual([]);
    expect(writer.nextPartNumber).toBe(0);
  });

  it('keeps writeLines() pending while the pipeline is full, with at most maxPartsInFlight uploads', async () => {
    const { store } = await factory.create();
    const gated = new GatedStore(store);
    const writer = new ResourceWriter({ store: gated, keyPrefix: PREFIX, partMaxRecords: 10, partMaxBytes: 1 << 30, maxPartsInFlight: 2 });
    let accepted = 0;
    const producer = (async () => {
      for (const record of records(100)) {
        await writeOne(writer, record);
        accepted++;
      }
    })();
    await gated.startedAtLeast(2);
    await settleEventLoop();
    // Parts 0 and 1 are full and uploading; opening part 2 waits for one of them.
    expect(accepted).toBe(20);
    expect(gated.started).toBe(2);
    expect(gated.inFlight).toBe(2);
    gated.release();
    await producer;
    const files = await writer.close();
    expect(files).toHaveLength(10);
    expect(gated.maxInFlight).toBe(2);
    expect(files.reduce((n, f) => n + f.records, 0)).toBe(100);
  });

  it('never buffers a whole part: writes stall while the store does not read', async () => {
    const { store } = await factory.create();
    const gated = new GatedStore(store);
    const writer = new ResourceWriter({ store: gated, keyPrefix: PREFIX, partMaxRecords: 1_000_000, partMaxBytes: 1 << 30 });
    const total = 4000; // about 5.5 MB of JSON in one part
    let accepted = 0;
    let acceptedBytes = 0;
    const producer = (async () => {
      for (let i = 0; i < total; i++) {
        const record = noisy(i, 1024);
        await writeOne(writer, record);
        accepted++;
        acceptedBytes += JSON.stringify(record).length + 1;
      }
    })();
    await gated.startedAtLeast(1);
    await settleEventLoop();
    // Only stream buffers may fill before the writer waits: gzip's write buffer, one chunk of
    // lines and zlib's own buffers (tens of KiB), far from the whole part.
    expect(acceptedBytes).toBeLessThan(GZIP_WRITE_BUFFER_BYTES + 256 * 1024);
    expect(accepted).toBeLessThan(total / 2);
    gated.release();
    await producer;
    const [file] = await writer.close();
    expect(file.records).toBe(total);
  });

  it('rejects writeLines() and close() with the upload error, and stores nothing, when the store fails', async () => {
    const { store } = await factory.create();
    const failure = new Error('disk on fire');
    const failing: ObjectStore = {
      ...store,
      location: store.location,
      list: (p, s) => store.list(p, s),
      get: (k) => store.get(k),
      putBytes: (k, b, c) => store.putBytes(k, b, c),
      putIfAbsent: (k, b, c) => store.putIfAbsent(k, b, c),
      delete: (k) => store.delete(k),
      async putStream(_key: string, body: Readable) {
        body.resume();
        throw failure;
      },
    };
    const writer = new ResourceWriter({ store: failing, keyPrefix: PREFIX, partMaxRecords: 1, partMaxBytes: 1 << 30 });
    await expect(writeAll(writer, records(100))).rejects.toBe(failure);
    await expect(writer.close()).rejects.toBe(failure);
    expect(await store.list('raw/')).toEqual([]);
  });

  it('seals a part only after beforeSeal resolves, and stores nothing of a part it refuses', async () => {
    const { store } = await factory.create();
    const sealed: string[] = [];
    const refusal = new Error('the run was committed by another delivery');
    const writer = new ResourceWriter({
      store,
      keyPrefix: PREFIX,
      partMaxRecords: 2,
      partMaxBytes: 1 << 30,
      // One upload at a time: with two in flight either part may be asked first, and a refusal
      // of the second while the first still uploads cancels both (the resource fails as a whole).
      maxPartsInFlight: 1,
      beforeSeal: async (key) => {
        // Nothing of the part is visible yet when it is asked.
        expect(await store.list(key)).toEqual([]);
        sealed.push(key);
        if (sealed.length === 2) throw refusal;
      },
    });
    await writeAll(writer, records(3)).catch(() => undefined);
    await expect(writer.close()).rejects.toThrow(refusal.message);
    expect(sealed).toEqual([partKey(PREFIX, 0), partKey(PREFIX, 1)]);
    expect(await store.list('raw/')).toEqual([partKey(PREFIX, 0)]);
  });

  it('leaves no object behind when aborted while a part is open', async () => {
    const { store } = await factory.create();
    const writer = new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 1000, partMaxBytes: 1 << 30 });
    for (const record of records(5)) await writeOne(writer, record);
    await writer.abort();
    await expect(writeOne(writer, { id: 6 })).rejects.toThrow(/aborted/);
    expect(await store.list('raw/')).toEqual([]);
  });
});

describe('ResourceWriter on S3', () => {
  it('uploads a part larger than the S3 part size as a multipart upload', async () => {
    const { store, where } = await S3_STORE.create({ partSizeBytes: 5 * 1024 * 1024 });
    const input = Array.from({ length: 1600 }, (_, i) => noisy(i, 8 * 1024)); // ~17 MB JSON, ~13 MB gzip
    const [file, ...rest] = await writeAll(new ResourceWriter({ store, keyPrefix: PREFIX, partMaxRecords: 1_000_000, partMaxBytes: 1 << 30 }), input);
    expect(rest).toEqual([]);
    expect(file.bytes).toBeGreaterThan(10 * 1024 * 1024);
    const head = await testS3Client().send(new HeadObjectCommand({ Bucket: where, Key: file.key }));
    expect(head.ContentLength).toBe(file.bytes);
    expect(head.ETag).toMatch(/-3"$/); // a multipart ETag ends in -<number of parts>
    const { raw, records: lines } = await readWithGzip(store, file.key);
    expect(createHash('sha256').update(raw).digest('hex')).toBe(file.sha256);
    expect(lines).toEqual(input);
  });
});
