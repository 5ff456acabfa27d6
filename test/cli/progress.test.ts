import { createProgress } from '../../bin/cli/progress';
import { createStyle } from '../../bin/cli/style';

function harness(live: boolean) {
  let clock = 0;
  let output = '';
  const progress = createProgress({ write: (t) => (output += t), live, style: createStyle(false), intervalMs: 5000, now: () => clock });
  return { progress, output: () => output, advance: (ms: number) => (clock += ms) };
}

describe('createProgress', () => {
  it('writes plain lines at most once per interval and one when a resource is done, without a terminal', () => {
    const h = harness(false);
    h.advance(1000);
    h.progress.onProgress({ resource: 'orders', pages: 1, records: 100, retries: 0, done: false });
    h.advance(1000);
    h.progress.onProgress({ resource: 'orders', pages: 2, records: 200, retries: 0, done: false });
    h.advance(4000);
    h.progress.onProgress({ resource: 'orders', pages: 3, records: 300, retries: 1, done: false });
    h.progress.onProgress({ resource: 'orders', pages: 4, records: 400, retries: 1, done: true });
    expect(h.output()).toBe('progress orders  pages 3  records 300  50 rec/s  retries 1\ndone orders  pages 4  records 400  67 rec/s  retries 1\n');
  });

  it('redraws one live line per resource on a terminal and ends it with a newline when done', () => {
    const h = harness(true);
    h.advance(2000);
    h.progress.onProgress({ resource: 'users', pages: 1, records: 50, retries: 0, done: false });
    h.progress.log('WARN something\n');
    h.advance(500);
    h.progress.onProgress({ resource: 'users', pages: 2, records: 100, retries: 0, done: true });
    const out = h.output();
    expect(out).toContain('users  pages 1  records 50  25 rec/s  retries 0');
    // The log line clears the live line, then the live line is redrawn under it.
    // eslint-disable-next-line no-control-regex -- the terminal escape is what is asserted
    expect(out).toMatch(/\r\u001b\[KWARN something\n {2}\S users {2}pages 1/);
    expect(out.endsWith('✔ users  pages 2  records 100  40 rec/s  retries 0\n')).toBe(true);
  });
});
