import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { validateSource } from '../../../lambdas/config/validateSource';
import { PathValueError } from '../../../lambdas/errors/PathValueError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { runSource } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi';
import { readJson } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: FakeApi;
let store: LocalStore;

/** Users whose `ref` goes into the comments path, as a parent value from a careless (or hostile) API would. */
async function runWithRefs(refs: string[], path = 'users/{resources.users.ref}/comments'): Promise<{ summary?: unknown; error?: unknown }> {
  api = await startFakeApi({
    collections: { users: refs.map((ref, i) => ({ id: i + 1, name: `user ${i + 1}`, updated_at: '2026-01-01T00:00:00Z', ref })) },
  });
  const source = validateSource({
    name: 'acme',
    client: { base_url: `${api.baseUrl}/public/single/`, paginator: 'single_page' },
    resources: [
      { name: 'users', endpoint: { path: 'users', data_selector: 'data' } },
      // A ref that is not a user id is a 404 on the fake API, ignored: only the request paths matter here.
      { name: 'comments', endpoint: { path, data_selector: 'data', response_actions: [{ status_code: 404, action: 'ignore' }] } },
    ],
  });
  try {
    return { summary: await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' }) };
  } catch (error) {
    return { error };
  }
}

const childPaths = (): string[] => api.requests.map((r) => r.path).filter((p) => p !== '/public/single/users');

beforeEach(() => {
  store = new LocalStore(mkdtempSync(join(tmpdir(), 'sluice-pathvalues-')));
});
afterEach(async () => {
  await api?.close();
});

describe('parent values in a child path', () => {
  it('percent-encodes each segment of a value and keeps "/" between segments, as dlt substitutes it', async () => {
    const { summary, error } = await runWithRefs(['2', 'dlt-hub/dlt', 'a b?c#d%e', 'back\\slash']);
    expect(error).toBeUndefined();
    expect(summary).toMatchObject({ status: 'succeeded' });
    expect(childPaths()).toEqual([
      '/public/single/users/2/comments',
      '/public/single/users/dlt-hub/dlt/comments',
      '/public/single/users/a%20b%3Fc%23d%25e/comments',
      '/public/single/users/back%5Cslash/comments',
    ]);
  });

  it.each(['..', '.', 'a/../../admin', '../', 'x/.'])('refuses the value %j before sending it, naming the resource, the parent record and the value', async (ref) => {
    const { error } = await runWithRefs(['1', ref]);
    expect(error).toBeInstanceOf(RunFailedError);
    const cause = (error as RunFailedError).cause;
    expect(cause).toBeInstanceOf(PathValueError);
    expect(cause).toMatchObject({ code: 'path_value_refused', kind: 'run', resource: 'comments', placeholder: '{resources.users.ref}', value: ref });
    expect((cause as Error).message).toContain(
      `resource "comments": {resources.users.ref} is ${JSON.stringify(ref)} in parent record {"id":2,"name":"user 2",`,
    );
    expect((cause as Error).message).toMatch(/would put a "\." or "\.\." segment into the path; the request was not sent/);
    // The first user's comments were requested; nothing was sent for the refused value.
    expect(childPaths()).toEqual(['/public/single/users/1/comments']);
    const summary = (error as RunFailedError).summary;
    expect(summary.status).toBe('failed');
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest).toMatchObject({ status: 'failed', error: expect.stringContaining(`resource "comments": {resources.users.ref} is ${JSON.stringify(ref)}`) });
  });

  it.each([
    ['users/{resources.users.ref}./comments', ''],
    ['users/{resources.users.ref}./comments', 'a/'],
    ['users/.{resources.users.ref}/comments', '/x'],
    ['users/%2e{resources.users.ref}/comments', ''],
  ])('refuses a dot segment that the value forms with the text around it (%s with %j)', async (path, ref) => {
    const { error } = await runWithRefs(['1', ref], path);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toMatchObject({ code: 'path_value_refused', resource: 'comments', placeholder: '{resources.users.ref}', value: ref });
    expect(childPaths()).toHaveLength(1);
    expect(childPaths()[0]).not.toMatch(/\/(?:\.|%2e)\//i);
    expect((await readJson<Manifest>(store, (error as RunFailedError).summary.manifest_key as string)).status).toBe('failed');
  });

  it('keeps a value that only sits next to dots (v1.2.json, ....json)', async () => {
    const { error } = await runWithRefs(['v1.2', '...'], 'users/{resources.users.ref}.json/comments');
    expect(error).toBeUndefined();
    expect(childPaths()).toEqual(['/public/single/users/v1.2.json/comments', '/public/single/users/....json/comments']);
  });
});
