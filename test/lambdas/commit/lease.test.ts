import { leaseKey } from '../../../lambdas/commit/layout';
import type { LeaseContent, LeaseStore, RunLease } from '../../../lambdas/commit/lease';
import { acquireLease, DUPLICATE, supportsLease } from '../../../lambdas/commit/lease';
import { ConcurrentRunError } from '../../../lambdas/errors/ConcurrentRunError';
import type { Logger } from '../../../lambdas/observability/Logger';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { S3_STORE } from '../sink/storeFixtures';

const SOURCE = 'acme';
const RUN_A = '20261129T020000Z-0000000a';
const RUN_B = '20261129T020000Z-0000000b';

async function bucketStore(): Promise<LeaseStore> {
  const { store } = await S3_STORE.create();
  if (!supportsLease(store)) throw new Error('S3Store must support leases');
  return store;
}

async function leaseOf(store: LeaseStore): Promise<LeaseContent> {
  return JSON.parse(((await store.get(leaseKey('', SOURCE))) as Buffer).toString('utf8')) as LeaseContent;
}

function take(store: LeaseStore, runId: string, invocation = 0, logger: Logger = silentLogger): ReturnType<typeof acquireLease> {
  return acquireLease({ store, prefix: '', source: SOURCE, runId, invocation, logger });
}

describe('acquireLease (moto S3)', () => {
  it('lets one of two runs racing for the lease have it; the other fails fast naming the holder', async () => {
    const store = await bucketStore();
    const [a, b] = await Promise.allSettled([take(store, RUN_A), take(store, RUN_B)]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    const lost = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0].reason as ConcurrentRunError;
    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect(error.code).toBe('concurrent_run');
    const holder = (await leaseOf(store)).run_id;
    expect(error.message).toContain(`run ${holder} (`);
    expect(error.message).toMatch(/holds the run lease until \d{4}-\d\d-\d\dT/);
    await ((won[0] as PromiseFulfilledResult<RunLease>).value).release();
  });

  it('takes over a lease past its expiry, and a released one at once', async () => {
    const store = await bucketStore();
    const stale: LeaseContent = { run_id: RUN_A, invocation: 0, holder: 'gone 1', expires_at: new Date(Date.now() - 1000).toISOString(), token: 'x' };
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify(stale), 'application/json');
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => void warnings.push(message), child: () => logger };
    const lease = (await take(store, RUN_B, 0, logger)) as RunLease;
    expect(await leaseOf(store)).toMatchObject({ run_id: RUN_B, invocation: 0 });
    expect(warnings).toContain('took over a stale run lease');
    await lease.release();
    expect(await leaseOf(store)).toMatchObject({ run_id: RUN_B, released: true });
    // Released: the next run takes it whatever its expiry says.
    await ((await take(store, RUN_A)) as RunLease).release();
    expect((await leaseOf(store)).run_id).toBe(RUN_A);
  });

  it('hands a run on to its next invocation, and turns away a second delivery of that invocation', async () => {
    const store = await bucketStore();
    const first = (await take(store, RUN_A, 0)) as RunLease;
    await first.handOn();
    // Another run cannot start between two invocations of this one.
    await expect(take(store, RUN_B)).rejects.toBeInstanceOf(ConcurrentRunError);
    const [one, two] = await Promise.all([take(store, RUN_A, 1), take(store, RUN_A, 1)]);
    expect([one, two].filter((l) => l === DUPLICATE)).toHaveLength(1);
    const second = (one === DUPLICATE ? two : one) as RunLease;
    expect(await leaseOf(store)).toMatchObject({ run_id: RUN_A, invocation: 1 });
    await second.release();
    // Delivered again after the run is done: still a duplicate, never a second resume.
    expect(await take(store, RUN_A, 1)).toBe(DUPLICATE);
  });

  it('resumes a continuation whose first delivery died with the lease expired', async () => {
    const store = await bucketStore();
    const dead: LeaseContent = { run_id: RUN_A, invocation: 2, holder: 'gone 1', expires_at: new Date(Date.now() - 1).toISOString(), token: 'x' };
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify(dead), 'application/json');
    const lease = await take(store, RUN_A, 2);
    expect(lease).not.toBe(DUPLICATE);
    await (lease as RunLease).release();
  });

  it('never overwrites a lease another run took over: the slow holder stops renewing', async () => {
    const store = await bucketStore();
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => void warnings.push(message), child: () => logger };
    const slow = (await take(store, RUN_A, 0, logger)) as RunLease;
    // Its lease expired while it was stalled, and run B took it over.
    const expired = { ...(await leaseOf(store)), expires_at: new Date(Date.now() - 1).toISOString() };
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify(expired), 'application/json');
    const other = (await take(store, RUN_B)) as RunLease;
    await slow.renew();
    await slow.release();
    expect(await leaseOf(store)).toMatchObject({ run_id: RUN_B });
    expect(warnings.some((w) => /taken over by another run/.test(w))).toBe(true);
    await other.release();
  });

  it('confirms a lease it still holds by renewing it, and refuses once another invocation took it, naming the holder', async () => {
    const store = await bucketStore();
    const lease = (await take(store, RUN_A, 1)) as RunLease;
    const before = await leaseOf(store);
    await lease.confirm();
    expect((await leaseOf(store)).token).toBe(before.token);
    expect(Date.parse((await leaseOf(store)).expires_at)).toBeGreaterThanOrEqual(Date.parse(before.expires_at));
    expect(lease.lostTo).toBeUndefined();
    // Another delivery of the same continuation took it over once it had expired.
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify({ ...before, expires_at: new Date(Date.now() - 1).toISOString() }), 'application/json');
    const other = (await take(store, RUN_A, 1)) as RunLease;
    const error = await lease.confirm().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect((error as ConcurrentRunError).message).toContain(`run ${RUN_A} invocation 1 (`);
    expect(lease.lostTo).toMatchObject({ run_id: RUN_A, invocation: 1, token: (await leaseOf(store)).token });
    await other.release();
  });

  it('is only offered by stores that can replace conditionally (a local directory uses its lock file)', async () => {
    expect(supportsLease(new LocalStore('/tmp/unused'))).toBe(false);
    expect(supportsLease(await bucketStore())).toBe(true);
  });
});
