/**
 * `.gitignore` keeps credentials and run output out of version control: the
 * secrets file names the docs use (`secrets.json`, `sluice init`'s
 * `<name>.secrets.json`) and the `data/` folder runs write to. Asked of git
 * itself, so the patterns are tested as git reads them.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from '../cli/support/runCli';

/** The paths of `paths` that git ignores (it does not need them to exist). */
function ignored(paths: readonly string[]): string[] {
  const result = spawnSync('git', ['check-ignore', '--no-index', ...paths], { cwd: ROOT, encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

describe('.gitignore', () => {
  it('ignores secrets files and run output, wherever they are', () => {
    const paths = ['secrets.json', 'acme.secrets.json', 'sources/acme.secrets.json', 'config/secrets.json', 'data/acme/_manifests/x.json', 'sub/data/acme/x.jsonl.gz'];
    expect(ignored(paths)).toEqual(paths);
  });

  it('keeps the sources, and the demo secrets of the offline demo API', () => {
    expect(ignored(['sources/acme.json', 'demo/secrets.json', 'demo/source.json', 'test/support/fakeApi/data.ts'])).toEqual([]);
  });
});
