#!/usr/bin/env node
// The `sluice` command: registers tsx so the CLI (and TypeScript sources it loads)
// run from TypeScript without a build step, then hands over to bin/cli/main.ts.
'use strict';
require('tsx/cjs/api').register();

function internalError(error) {
  // Only a bug or a broken install gets here; main() reports every expected error itself.
  const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
  const text = error && error.message ? error.message : String(error);
  process.stderr.write(`sluice: internal error: ${verbose && error && error.stack ? error.stack : text}\n`);
  if (!verbose) process.stderr.write('Rerun with --verbose for the stack trace.\n');
  process.exitCode = 1;
}

let main;
try {
  ({ main } = require('./cli/main.ts'));
} catch (error) {
  internalError(error);
}
if (main) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, internalError);
}
