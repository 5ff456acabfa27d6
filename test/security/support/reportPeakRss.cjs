// Preloaded (node --require) into a CLI child under a heap limit: prints the
// process's peak RSS on exit, so a test can assert that memory stayed bounded.
'use strict';
process.on('exit', () => {
  require('node:fs').writeSync(2, `\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
