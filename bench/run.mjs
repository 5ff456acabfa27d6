// `npm run bench [-- --only=<scenario>[,<scenario>]] [-- --quick]`: runs bench/main.ts under tsx.
// Each measured run happens in a child process of its own (see bench/lib/worker.ts), so tsx's
// loader is never part of a measurement.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const child = spawn(process.execPath, [tsxCli, join(here, 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
