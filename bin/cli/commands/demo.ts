/**
 * `sluice demo` (`npm run demo`): the bundled demo API, a full run into
 * `./data` and an incremental rerun, offline. The work is in `demoRun.ts`.
 */
import { OUT } from '../flags';
import { stringFlag } from '../args';
import type { Command } from '../Command';
import type * as DemoRunModule from '../demoRun';
import { lazy } from '../lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const demoRun = lazy<typeof DemoRunModule>(() => require('../demoRun'));

/** `sluice demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the bundled demo: a local OAuth2 API, a full run into ./data, then an incremental rerun. Offline.',
  spec: { usage: 'sluice demo [--out DIR] [--verbose]', flags: { out: OUT }, minPositionals: 0, maxPositionals: 0 },
  async run(args, context) {
    return demoRun().runDemo(stringFlag(args, 'out'), context);
  },
};
