/**
 * Writes one resource's records as gzip JSON Lines part files, streamed to an
 * {@link ObjectStore}. Each part is uploaded while it is being written (the gzip
 * output is piped into `putStream`), and a finished part keeps uploading while
 * the caller fills the next one. Memory stays bounded however large the
 * resource: stream buffers and at most `maxPartsInFlight` uploads, never a whole
 * part.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import type { TransformOptions } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Gzip, ZlibOptions } from 'node:zlib';
import { partKey } from './partKey';
import type { ObjectStore } from './ObjectStore';

/** One stored part file, as a manifest lists it. */
export interface FileEntry {
  /** The object key, relative to the bucket or the `--out` directory. */
  key: string;
  /** JSON lines in the file. */
  records: number;
  /** Size of the stored (gzip) object. */
  bytes: number;
  /** Lowercase hex SHA-256 of the stored (gzip) object. */
  sha256: string;
}

/** Options of {@link ResourceWriter}. */
export interface ResourceWriterOptions {
  readonly store: ObjectStore;
  /** `<prefix>/<source>/<resource>/dt=YYYY-MM-DD/<run_id>/` (see `dataPrefix`); part files go directly under it. */
  readonly keyPrefix: string;
  /** Roll over to a new part after this many records. */
  readonly partMaxRecords: number;
  /** Roll over before a part's uncompressed JSON Lines would exceed this many bytes (a single larger record gets a part of its own). */
  readonly partMaxBytes: number;
  /** The first part's number; a continuation carries on the numbering. @default 0 */
  readonly firstPartNumber?: number;
  /** Parts uploading at once, the one being written included; the writer waits (back-pressure) beyond it. @default 2 */
  readonly maxPartsInFlight?: number;
  /**
   * Called with a part's key once its last byte is compressed, before the
   * store sees the end of its stream (so before S3 completes the object); a
   * rejection fails the part, which then never becomes visible, and the
   * writer. A run passes the proof that it may still write into its run
   * folder (its lease, its seq not committed by another delivery).
   * @default none: every part is sealed
   */
  readonly beforeSeal?: (key: string) => Promise<void>;
}

/** The content type of a part file. */
export const PART_CONTENT_TYPE = 'application/gzip';

// Lines are handed to gzip in chunks of at most this size: one zlib round trip (to
// the thread pool and back) per chunk instead of per record. Each line is encoded
// straight into the chunk's bytes: lines joined into a string first cost a rope of
// two string nodes per record and a flat copy of every chunk (≈ 0.3 MB of young
// garbage per 1,000 records of 250 B), which made the page loop scavenge more
// often and so promote more of what is briefly alive into the old generation.
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
// Lines joined into one string before they are encoded: about a page of 1,000
// records of 250 B (and past 128 KB, in V8's large-object space, not the young generation).
const BATCH_CHARS = 256 * 1024;

/**
 * How many bytes of lines gzip may hold, not yet compressed, before a write
 * waits (back-pressure). Compressing runs on the thread pool; with gzip's
 * default 16 KiB every 64 KiB chunk waited for its own compression, so the page
 * loop and gzip took turns. With room for about a page of lines, the loop
 * fetches and parses the next page while gzip compresses this one; memory stays
 * bounded by this much, plus one batch of lines (at most BATCH_CHARS characters, 3 bytes
 * each at most, written whole before the wait), for the part being written.
 */
export const GZIP_WRITE_BUFFER_BYTES = 1024 * 1024;

// gzip's output buffer: each one filled is one trip back from the thread pool (and
// one hash update); 64 KiB instead of zlib's 16 KiB makes a quarter of them.
const GZIP_CHUNK_BYTES = 64 * 1024;

// zlib hands its options on to its Transform, whose buffer options @types/node leaves out of ZlibOptions.
const GZIP_OPTIONS: ZlibOptions & Pick<TransformOptions, 'writableHighWaterMark'> = { writableHighWaterMark: GZIP_WRITE_BUFFER_BYTES, chunkSize: GZIP_CHUNK_BYTES };

interface Part {
  readonly key: string;
  readonly gzip: Gzip;
  /** The gzip bytes as they go to the store; hashes and counts them on the way. */
  readonly body: Transform;
  records: number;
  /** The keys of the records in this part, when the writer is given keys. */
  readonly keys: Set<string>;
  uncompressed: number;
  stored: number;
  /** Lines accepted but not yet handed to gzip, UTF-8 with their newlines: the first `chunkBytes` of `chunk`. */
  chunk: Buffer | undefined;
  chunkBytes: number;
  sha256?: string;
  settled: boolean;
  /** The upload completed. */
  storedOk: boolean;
  upload?: Promise<FileEntry>;
}

/**
 * Streams records into part files `part-NNNNN.jsonl.gz`. Call `writeLines` with
 * a page of serialized records, awaiting each call (it resolves at once unless
 * the upload pipeline is full), then `close` for the file entries, or `abort` on
 * failure. Lines are batched into chunks of about
 * 64 KiB before they reach gzip; part boundaries stay exact per record.
 *
 * Safe with concurrent producers (the chains of a parallelized resource): the
 * calls run one after another in the order they were made, so the lines of one
 * call stay together and in order, and a part is opened, rolled over and
 * counted by one call at a time. Without that, two calls waiting on
 * back-pressure would each open a part of their own.
 *
 * @example
 * const writer = new ResourceWriter({ store, keyPrefix, partMaxRecords: 100_000, partMaxBytes: 128 * 1024 * 1024 });
 * await writer.writeLines(page.records.map((r) => JSON.stringify(r)));
 * const files = await writer.close();
 */
export class ResourceWriter {
  private readonly options: ResourceWriterOptions;
  private readonly maxInFlight: number;
  private readonly parts: Part[] = [];
  private current: Part | undefined;
  private state: 'open' | 'closed' | 'aborted' = 'open';
  private failure: { error: unknown } | undefined;
  /** Aborted with the first upload error: wakes whatever waits (see {@link untilFailure}). */
  private readonly failed = new AbortController();
  private nextPart: number;
  /** The end of the calls queued so far (see {@link serial}). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: ResourceWriterOptions) {
    if (!(options.partMaxRecords >= 1) || !(options.partMaxBytes >= 1)) {
      throw new RangeError(`ResourceWriter: partMaxRecords and partMaxBytes must be at least 1 (got ${options.partMaxRecords}, ${options.partMaxBytes})`);
    }
    this.options = options;
    this.maxInFlight = Math.max(1, options.maxPartsInFlight ?? 2);
    this.nextPart = options.firstPartNumber ?? 0;
  }

  /** The number the next part file would get (a continuation's `firstPartNumber`). */
  get nextPartNumber(): number {
    return this.nextPart;
  }

  /**
   * Appends records already serialized: each element is the JSON text of one
   * record, without its newline (the caller vouches that it is valid JSON on one
   * line, as `JSON.stringify` produces). With `keys` (one per line: a merge
   * resource's primary key), a line whose key the open part already holds
   * starts a new part. Resolves once every line is accepted: at once, unless
   * the pipeline is full, in which case it waits for the store (back-pressure).
   * Rejects with the upload's error once an upload failed.
   */
  writeLines(lines: readonly string[], keys?: readonly string[]): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      for (let i = 0; i < lines.length; ) {
        const batched = keys ? 0 : await this.acceptBatch(lines, i);
        if (batched > 0) {
          i += batched;
          continue;
        }
        const wait = this.accept(lines[i], keys?.[i]);
        if (wait) await wait;
        i++;
      }
      this.assertOpen();
    });
  }

  /**
   * Adds the lines from `from` on, up to about {@link BATCH_CHARS} characters, in one piece when
   * they fit the open part whole: joined into one string and encoded once. Measuring or
   * encoding each line alone copies it first, since `JSON.stringify` returns a rope: a copy of
   * every record in the young generation, which made a run scavenge (and promote) more
   * often. Returns how many lines it took: 0 when the batch would cross a part's byte limit or
   * no part can be opened yet, and then the caller goes line by line.
   */
  private async acceptBatch(lines: readonly string[], from: number): Promise<number> {
    const part = this.current;
    if (!part) return 0;
    let end = from;
    let chars = 0;
    const room = this.options.partMaxRecords - part.records;
    while (end < lines.length && end - from < room && chars < BATCH_CHARS) chars += lines[end++].length;
    const count = end - from;
    if (count < 2) return 0;
    const text = (from === 0 && end === lines.length ? lines : lines.slice(from, end)).join('\n');
    const bytes = Buffer.byteLength(text, 'utf8') + 1;
    if (part.uncompressed + bytes > this.options.partMaxBytes) return 0;
    part.records += count;
    part.uncompressed += bytes;
    let ready = this.flush(part);
    const encoded = Buffer.allocUnsafe(bytes);
    encoded.write(text, 0, 'utf8');
    encoded[bytes - 1] = NEWLINE;
    // In chunks, as line by line: gzip compresses one while the page loop goes on.
    for (let at = 0; at < bytes; at += CHUNK_BYTES) ready = part.gzip.write(encoded.subarray(at, Math.min(bytes, at + CHUNK_BYTES))) && ready;
    if (part.records >= this.options.partMaxRecords || part.uncompressed >= this.options.partMaxBytes) this.finishPart();
    else if (!ready) await this.drained(part);
    return count;
  }

  /**
   * Runs `task` after every call made before it has settled: one call at a
   * time, in call order. A failed call does not stop the queue; the calls after
   * it fail on their own (`assertOpen` rethrows the upload error).
   */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Adds one line to the open part (opening or rolling over as needed); waits only on back-pressure.
   * With a `key` (a merge resource's primary key), a key the open part already holds starts a new
   * part: no part holds one key twice, so a reader without line positions (Athena) can still tell
   * which version came last, by the order of the files.
   */
  private accept(json: string, key?: string): Promise<void> | undefined {
    // The newline's byte included.
    const bytes = Buffer.byteLength(json, 'utf8') + 1;
    let part = this.current;
    if (part && part.records > 0 && (part.uncompressed + bytes > this.options.partMaxBytes || (key !== undefined && part.keys.has(key)))) {
      this.finishPart();
      part = undefined;
    }
    if (!part) return this.openPart().then((opened) => this.append(opened, json, bytes, key));
    return this.append(part, json, bytes, key);
  }

  private append(part: Part, json: string, bytes: number, key: string | undefined): Promise<void> | undefined {
    if (key !== undefined) part.keys.add(key);
    part.records++;
    part.uncompressed += bytes;
    // A line that does not fit sends the chunk before it; gzip's answer is waited on after this line.
    let room = part.chunkBytes + bytes <= CHUNK_BYTES || this.flush(part);
    if (bytes > CHUNK_BYTES) {
      // A line larger than a chunk goes to gzip alone (the chunk before it was sent just above).
      room = part.gzip.write(`${json}\n`, 'utf8') && room;
    } else {
      part.chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
      part.chunk.write(json, part.chunkBytes, 'utf8');
      part.chunk[part.chunkBytes + bytes - 1] = NEWLINE;
      part.chunkBytes += bytes;
    }
    if (part.records >= this.options.partMaxRecords || part.uncompressed >= this.options.partMaxBytes) {
      this.finishPart();
      return undefined;
    }
    if (part.chunkBytes === CHUNK_BYTES) room = this.flush(part) && room;
    return room ? undefined : this.drained(part);
  }

  /**
   * Hands the part's pending lines to gzip, which keeps the chunk until it is
   * compressed (the next lines go to a new one); false when gzip asks the writer to wait.
   */
  private flush(part: Part): boolean {
    const chunk = part.chunk;
    if (!chunk || part.chunkBytes === 0) return true;
    const used = part.chunkBytes;
    part.chunk = undefined;
    part.chunkBytes = 0;
    return part.gzip.write(used === chunk.length ? chunk : chunk.subarray(0, used));
  }

  private async drained(part: Part): Promise<void> {
    await this.untilFailure(once(part.gzip, 'drain'));
    this.assertOpen();
  }

  /**
   * Waits for `promise`, or rejects with the first upload error as soon as there
   * is one. Not a race against one long-lived promise: each race would leave a
   * reaction on it that lives as long as the writer (a few per page, for the whole
   * resource); the abort listener added here is removed when the wait ends.
   */
  private async untilFailure<T>(promise: Promise<T>): Promise<T> {
    const signal = this.failed.signal;
    if (signal.aborted) throw signal.reason;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([promise, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Ends the open part and waits for every upload.
   * @returns the files this writer stored, in part order (none for an empty resource)
   * @throws the first upload error
   */
  close(): Promise<FileEntry[]> {
    // Queued like a write: the lines of calls made before it are in the files it lists.
    return this.serial(async () => {
      this.assertOpen();
      this.finishPart();
      await Promise.allSettled(this.parts.map((p) => p.upload));
      if (this.failure) throw this.failure.error;
      this.state = 'closed';
      return Promise.all(this.parts.map((p) => p.upload as Promise<FileEntry>));
    });
  }

  /** Stops writing: uploads in flight are cancelled, so no partial part becomes visible. Never throws. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    const reason = new Error('the resource writer was aborted');
    for (const part of this.parts) if (!part.settled) destroyPart(part, reason);
    this.current = undefined;
    await Promise.allSettled(this.parts.map((p) => p.upload));
  }

  private assertOpen(): void {
    if (this.failure) throw this.failure.error;
    if (this.state !== 'open') throw new Error(`the resource writer is ${this.state}`);
  }

  /** Starts the next part and its upload, once fewer than `maxPartsInFlight` uploads are running. */
  private async openPart(): Promise<Part> {
    for (;;) {
      const running = this.parts.filter((p) => !p.settled);
      if (running.length < this.maxInFlight) break;
      await this.untilFailure<unknown>(running[0].upload ?? Promise.resolve());
    }
    this.assertOpen();
    const hash = createHash('sha256');
    const gzip = createGzip(GZIP_OPTIONS);
    const beforeSeal = this.options.beforeSeal;
    const part: Part = {
      key: partKey(this.options.keyPrefix, this.nextPart++),
      gzip,
      body: new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          part.stored += chunk.length;
          callback(null, chunk);
        },
        flush(callback) {
          part.sha256 = hash.digest('hex');
          // The end of the stream is what lets the store complete the object: nothing is visible before it.
          if (!beforeSeal) return callback();
          beforeSeal(part.key).then(() => callback(), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
        },
      }),
      records: 0,
      keys: new Set(),
      uncompressed: 0,
      stored: 0,
      chunk: undefined,
      chunkBytes: 0,
      settled: false,
      storedOk: false,
    };
    gzip.on('error', (error) => part.body.destroy(error));
    // Errors reach us through the upload's promise; a store may not listen yet when a part is destroyed.
    part.body.on('error', () => undefined);
    gzip.pipe(part.body);
    part.upload = this.options.store.putStream(part.key, part.body, PART_CONTENT_TYPE).then(() => {
      if (part.sha256 === undefined) throw new Error(`the store resolved ${part.key} before reading the whole stream`);
      return { key: part.key, records: part.records, bytes: part.stored, sha256: part.sha256 };
    });
    part.upload.then(
      () => {
        part.settled = true;
        part.storedOk = true;
      },
      (error: unknown) => {
        part.settled = true;
        this.fail(error);
      },
    );
    this.parts.push(part);
    this.current = part;
    return part;
  }

  /** Ends the open part's gzip stream; its upload finishes in the background. */
  private finishPart(): void {
    const part = this.current;
    this.current = undefined;
    if (!part) return;
    this.flush(part);
    part.gzip.end();
  }

  /** Keeps the first error and stops every other upload: the resource has failed as a whole. */
  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.failed.abort(error);
    // The failed part too: its gzip may still hold records nobody will read.
    for (const part of this.parts) if (!part.storedOk) destroyPart(part, error);
    this.current = undefined;
  }
}

function destroyPart(part: Part, reason: unknown): void {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  part.gzip.unpipe(part.body);
  part.gzip.destroy();
  part.body.destroy(error);
}
