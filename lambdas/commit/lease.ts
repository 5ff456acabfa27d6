/**
 * The run lease of a source in a bucket, `<root>_state/lease.json`: which run
 * is running, in which invocation, until when. A run takes it before its first
 * API request, so a second run (a manual run next to the schedule, a duplicate
 * delivery) stops at once instead of extracting for a commit it would lose.
 * Every write of it is conditional (create only if absent, replace only at the
 * version read), so of two runs racing for it one wins. A lease past its
 * expiry, or released, is taken over. The lease only saves work: what makes
 * one commit per seq is the commit's own conditional create.
 *
 * A run that continues in a new invocation keeps the lease; the next
 * invocation takes it over from the one before it. A second delivery of the
 * same continuation finds the lease at its invocation already, and stops.
 * Local `--out` runs use the lock file of `localLock.ts` instead.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import * as z from 'zod/mini';
import { ConcurrentRunError } from '../errors/ConcurrentRunError';
import type { Logger } from '../observability/Logger';
import type { ObjectStore, TaggedObject } from '../sink/ObjectStore';
import { leaseKey } from './layout';
import { parseStoredObject } from './manifest';

/** What the lease object holds. */
export interface LeaseContent {
  run_id: string;
  /** The invocation of the run that holds it: 0 for the first, n for the n-th continuation. */
  invocation: number;
  /** Where it runs, for messages: `host pid` (a Lambda's host name is its sandbox). */
  holder: string;
  /** ISO 8601 UTC: past it the lease is stale and may be taken over. */
  expires_at: string;
  /** Set once the run is done: free at once, whatever the clocks say. */
  released?: boolean;
  /** Tells apart two writes by one run (a renewal from a takeover). */
  token: string;
}

const leaseSchema = z.looseObject({
  run_id: z.string().check(z.minLength(1)),
  invocation: z.int().check(z.nonnegative()),
  holder: z.string(),
  expires_at: z.string(),
  released: z.optional(z.boolean()),
  token: z.string(),
});

/**
 * How long a lease lasts without a renewal. Renewed every third of it while the
 * run goes on, so only a run that died holds it this long.
 */
export const LEASE_TTL_MS = 5 * 60_000;

/** Rounds of the take-over race before giving up (another run took it each time). */
const ATTEMPTS = 4;

/** A store that can hold a lease: conditional replace by version tag. */
export type LeaseStore = ObjectStore & Required<Pick<ObjectStore, 'getTagged' | 'putIfTag'>>;

/** True when `store` supports leases (S3; not a local directory). */
export function supportsLease(store: ObjectStore): store is LeaseStore {
  return typeof store.getTagged === 'function' && typeof store.putIfTag === 'function';
}

/** Options of {@link acquireLease}. */
export interface LeaseOptions {
  readonly store: LeaseStore;
  readonly prefix: string;
  readonly source: string;
  readonly runId: string;
  /** 0 for a new run; a continuation's checkpoint `invocation`. */
  readonly invocation: number;
  readonly logger: Logger;
  /** @default LEASE_TTL_MS */
  readonly ttlMs?: number;
}

/** Another delivery of this continuation took the lease first: this one must not resume. */
export const DUPLICATE = Symbol('duplicate');

/**
 * Takes the lease of a source for one invocation of a run.
 * @returns the lease, or {@link DUPLICATE} when this run's lease is at this invocation (or a later one) already
 * @throws ConcurrentRunError when another run holds a live lease
 */
export async function acquireLease(options: LeaseOptions): Promise<RunLease | typeof DUPLICATE> {
  const { store, source, runId, invocation } = options;
  const key = leaseKey(options.prefix, source);
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const content = (): LeaseContent => ({
    run_id: runId,
    invocation,
    holder: `${hostname()} pid ${process.pid}`,
    expires_at: new Date(Date.now() + ttlMs).toISOString(),
    token: randomBytes(8).toString('hex'),
  });
  let last: LeaseContent | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const mine = content();
    const created = await store.putIfAbsent(key, serialize(mine), 'application/json');
    if (created !== undefined) return new RunLease(options, key, ttlMs, mine, created);
    const current = await store.getTagged(key);
    if (!current) continue; // deleted meanwhile: create again
    const held = parseLease(current, key);
    last = held;
    const live = held !== undefined && !held.released && Date.parse(held.expires_at) > Date.now();
    // This continuation (or a later one) is running, or ran: this delivery is a duplicate. A dead one's expired lease is taken over.
    if (held && held.run_id === runId && (held.invocation > invocation || (held.invocation === invocation && (live || held.released)))) return DUPLICATE;
    // Another run's live lease. This run's own earlier invocation is taken over: it handed the run on.
    if (held && held.run_id !== runId && live) {
      throw new ConcurrentRunError(source, store.location, { kind: 'lease', holder: `run ${held.run_id} (${held.holder})`, expiresAt: held.expires_at });
    }
    const tag = await store.putIfTag(key, serialize(mine), 'application/json', current.tag);
    if (tag !== undefined) {
      if (held && held.run_id !== runId) options.logger.warn('took over a stale run lease', { lease_key: key, stale_run_id: held.run_id, expired_at: held.expires_at });
      return new RunLease(options, key, ttlMs, mine, tag);
    }
    // Someone else wrote it between our read and our write: look again.
  }
  throw new ConcurrentRunError(source, store.location, {
    kind: 'lease',
    holder: last ? `run ${last.run_id} (${last.holder}), after ${ATTEMPTS} rounds of takeover` : `another run, after ${ATTEMPTS} rounds of takeover`,
    expiresAt: last?.expires_at ?? 'unknown',
  });
}

/** A lease held by this invocation: renewed in the background until handed on or released. */
export class RunLease {
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<WriteOutcome> = Promise.resolve('written');
  private lost = false;
  private taker: LeaseContent | undefined;

  constructor(
    private readonly options: LeaseOptions,
    /** The lease object's key. */
    readonly key: string,
    private readonly ttlMs: number,
    private content: LeaseContent,
    private tag: string,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(ttlMs / 3)));
    // A pending renewal never keeps a finished CLI run alive.
    this.timer.unref();
  }

  /** Who took the lease over from this invocation, once a write found it taken (undefined while it holds it, or when unreadable). */
  get lostTo(): LeaseContent | undefined {
    return this.taker;
  }

  /** Moves the expiry a full TTL ahead (before a hand-off, so the next invocation finds it live). */
  async renew(): Promise<void> {
    await this.write({ expires_at: new Date(Date.now() + this.ttlMs).toISOString() });
  }

  /**
   * Proves that this invocation still holds the lease, by renewing it (a write
   * at the version it wrote last), before it makes something durable: a part
   * in its run folder, its commit. Another invocation takes the lease only once
   * it has expired, a full TTL after this write, so what this invocation
   * completes soon after it cannot land behind another's commit.
   * @throws ConcurrentRunError naming the holder when the lease was taken over,
   *   or when it could not be written and may have expired meanwhile
   */
  async confirm(): Promise<void> {
    const outcome = await this.write({ expires_at: new Date(Date.now() + this.ttlMs).toISOString() });
    // A failed write leaves the lease as it was: still this invocation's while its last expiry is well ahead.
    const safe = outcome === 'written' || (outcome === 'failed' && Date.parse(this.content.expires_at) - Date.now() > this.ttlMs / 3);
    if (safe) return;
    const holder = this.taker ? `run ${this.taker.run_id} invocation ${this.taker.invocation} (${this.taker.holder})` : 'another invocation';
    throw new ConcurrentRunError(this.options.source, this.options.store.location, { kind: 'lease', holder, expiresAt: this.taker?.expires_at ?? this.content.expires_at });
  }

  /**
   * Stops renewing and leaves the lease to the next invocation of this run,
   * live for a full TTL: no other run starts in between.
   */
  async handOn(): Promise<void> {
    this.stop();
    await this.renew();
  }

  /** Frees the lease (only if still this invocation's) and stops renewing. Never throws: a lease left behind expires. */
  async release(): Promise<void> {
    this.stop();
    await this.write({ released: true, expires_at: new Date().toISOString() });
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One write at a time, each conditional on the version this invocation wrote last. */
  private write(change: Partial<LeaseContent>): Promise<WriteOutcome> {
    this.pending = this.pending.then(async (): Promise<WriteOutcome> => {
      if (this.lost) return 'lost';
      const next = { ...this.content, ...change };
      try {
        const tag = await this.options.store.putIfTag(this.key, serialize(next), 'application/json', this.tag);
        if (tag === undefined) {
          this.lost = true;
          this.stop();
          const current = await this.options.store.getTagged(this.key).catch(() => undefined);
          this.taker = current ? parseLease(current, this.key) : undefined;
          this.options.logger.warn('the run lease was taken over by another run (this run was too slow to renew it); only one of the two can commit', { lease_key: this.key });
          return 'lost';
        }
        this.content = next;
        this.tag = tag;
        return 'written';
      } catch (error) {
        this.options.logger.warn('could not write the run lease; it expires on its own', { lease_key: this.key, error });
        return 'failed';
      }
    });
    return this.pending;
  }
}

/** What a lease write did: it landed, the lease was another's, or the store failed (the lease is as it was). */
type WriteOutcome = 'written' | 'lost' | 'failed';

function serialize(content: LeaseContent): string {
  return `${JSON.stringify(content)}\n`;
}

/** The lease, or undefined when it is unreadable (then it is stale: nobody can prove it live). */
function parseLease(object: TaggedObject, key: string): LeaseContent | undefined {
  try {
    return parseStoredObject(object.body, key, 'lease', leaseSchema);
  } catch {
    return undefined;
  }
}
