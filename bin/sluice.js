#!/usr/bin/env node
// The `sluice` command: registers tsx so the CLI (and TypeScript sources it loads)
// run from TypeScript without a build step, then hands over to bin/cli/main.ts.
'use strict';
// The AWS SDK warns on every command that releases after January 2027 will need Node 22.
// The SDK this package locks supports the Node 20 that `engines` allows, and the deployed
// functions run Node 22 (lib/Extractor.ts), so the notice says nothing a user can act on
// here; it is silenced unless the user sets the variable themselves (docs/cli.md).
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
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
