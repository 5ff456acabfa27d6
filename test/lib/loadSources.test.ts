import { join } from 'node:path';
import { loadSourceFile } from '../../lambdas/config/loadSource';
import { loadSources } from '../../lib/loadSources';
import { FIXTURES } from './testApp';

const dir = (name: string): string => join(FIXTURES, name);

describe('loadSources', () => {
  it('loads every JSON and TypeScript source of the directory, sorted by file', () => {
    expect(loadSources({ dir: dir('basic') }).map((s) => s.source.name)).toEqual(['acme', 'open-data']);
    expect(loadSources({ dir: dir('custom-auth') }).map((s) => s.source.name)).toEqual(['session']);
  });

  it('loads sources in every subfolder, lib/ and auth/ included, and names each helper module it skips', () => {
    const skipped: Array<{ file: string; reason: string }> = [];
    const loaded = loadSources({ dir: dir('subfolders'), onSkipped: (s) => skipped.push(s) });
    expect(loaded.map((s) => s.source.name)).toEqual(['partner', 'crm', 'billing', 'rollcall']);
    expect(loaded.find((s) => s.source.name === 'crm')?.source.resources[0].endpoint.auth).toMatchObject({ type: 'custom', name: 'fixture_header_token' });
    expect(skipped).toEqual([{ file: join(dir('subfolders'), 'auth', 'HeaderTokenAuth.ts'), reason: expect.stringMatching(/^not a source: it has no default export and no `source` export \(a helper module/) }]);
  });

  it('skips the custom auth and paginator modules of the shipped examples with their reason', () => {
    const skipped: string[] = [];
    const loaded = loadSources({ dir: 'sources/examples', onSkipped: (s) => skipped.push(`${s.file}: ${s.reason}`) });
    expect(loaded.map((s) => s.source.name).sort()).toEqual(['dlt-blog', 'dlt-github', 'dlt-github-template', 'github-issues', 'guardian', 'spotify', 'stripe']);
    expect(skipped).toEqual([
      expect.stringMatching(/^sources\/examples\/auth\/CustomGrantAuth\.ts: not a source: .*helper module/),
      expect.stringMatching(/^sources\/examples\/auth\/SessionLoginAuth\.ts: not a source: .*helper module/),
      expect.stringMatching(/^sources\/examples\/paginators\/ContinuationHeaderPaginator\.ts: not a source: .*helper module/),
    ]);
  });

  it('skips the examples folder of the directory', () => {
    expect(loadSources({ dir: dir('with-examples') }).map((s) => s.source.name)).toEqual(['acme']);
  });

  it('loads the examples when they are the directory asked for', () => {
    expect(loadSources({ dir: dir('with-examples/examples') }).map((s) => s.source.name)).toEqual(['demo']);
  });

  it('fails naming the directory and pointing at the examples when there is no source', () => {
    expect(() => loadSources({ dir: dir('empty') })).toThrow(/no sources found in .*fixtures\/empty\/; .*see .*empty\/examples\/.*-c sources=/);
  });

  it('fails with the field-path message the CLI gives for an invalid file', () => {
    let cliMessage = '';
    try {
      loadSourceFile(join(dir('invalid'), 'broken.json'), { requireSchedule: true });
    } catch (error) {
      cliMessage = (error as Error).message;
    }
    expect(cliMessage).toMatch(/broken\.json: .*\n {2}- client\.auth\.token: a credential must be a secret reference/);
    expect(() => loadSources({ dir: dir('invalid') })).toThrow(cliMessage);
  });

  it('fails naming both files when two sources share a name', () => {
    expect(() => loadSources({ dir: dir('dup') })).toThrow(/name: duplicate source name "acme": .*dup\/a\.json and .*dup\/b\.json/);
  });

  it('fails naming the file when a source has no schedule', () => {
    expect(() => loadSources({ dir: dir('no-schedule') })).toThrow(/nosched\.json: [\s\S]*- schedule: required to deploy/);
  });

  it('fails naming the file when the schedule expression is invalid', () => {
    expect(() => loadSources({ dir: dir('bad-schedule') })).toThrow(/badsched\.json: [\s\S]*- schedule: "every hour": not an EventBridge Scheduler expression/);
  });

  it('fails naming the file when the time zone is invalid', () => {
    expect(() => loadSources({ dir: dir('bad-timezone') })).toThrow(/badtz\.json: [\s\S]*- timezone: "Mars\/Olympus" is not an IANA time zone/);
  });
});
