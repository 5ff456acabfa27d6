/**
 * Checks that the Lambda bundle contains only the runtime dependencies the
 * project declares: bundles the handler entries with esbuild exactly as the CDK
 * app does (lib/Extractor.ts with HANDLER_BUNDLING: CJS, node22, module-first
 * main fields, the S3 and SSM clients bundled, what the runtime provides external, through the same `bundleHandlerEntry`; both the entry of a JSON source
 * validated at synth and the entry that validates at init, as a TypeScript
 * source's does), reads the packages from esbuild's metafile, and requires
 * each to be listed in package.json `dependencies` AND named in README.md's
 * "Dependencies and why" section, or to be a transitive dependency of one that is.
 *
 * Usage: `npx tsx scripts/check-bundle-deps.ts [source file]` (exit 1 on a violation).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { validateSource } from '../lambdas/config/validateSource';
import { bundleHandlerEntry, writeHandlerEntry } from '../lib/handlerEntry';

/** The repository root. */
export const ROOT = resolve(__dirname, '..');

/** The source bundled by default: any source yields the same dependency set (the engine is shared). */
export const DEFAULT_SOURCE = join(ROOT, 'sources', 'examples', 'github.json');


/** The package a bundled file belongs to (`node_modules/@scope/name/…` → `@scope/name`), or undefined for project files. */
export function packageOf(inputPath: string): string | undefined {
  const parts = inputPath.replace(/\\/g, '/').split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

/** The packages whose files esbuild put into the handler bundles of `sourceFile` (validated at synth, and at init). */
export async function bundledPackages(sourceFile: string = DEFAULT_SOURCE): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bundle-deps-'));
  try {
    const validated = validateSource(JSON.parse(readFileSync(sourceFile, 'utf8')) as unknown, { file: sourceFile });
    const entries = [writeHandlerEntry({ name: 'synth', sourceFile, dir, validated }), writeHandlerEntry({ name: 'init', sourceFile, dir })];
    const metafile = join(dir, 'meta.json');
    bundleHandlerEntry({ entryPoints: entries, outdir: join(dir, 'out'), metafile, nodePaths: [join(ROOT, 'node_modules')] });
    const inputs = (JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown> }).inputs;
    const packages = Object.keys(inputs).map(packageOf).filter((p): p is string => p !== undefined);
    return [...new Set(packages)].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The package names written in backticks in README.md's "Dependencies and why" section. */
export function readmeDependencies(readme: string = readFileSync(join(ROOT, 'README.md'), 'utf8')): string[] {
  const start = readme.search(/^## Dependencies and why\s*$/m);
  if (start < 0) throw new Error('README.md has no "## Dependencies and why" section');
  const rest = readme.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^#{1,2} /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/`((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)`/g)].map((m) => m[1]);
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackageJson) : undefined;
}

/** Where node would find `name` required from inside `fromDir` (nested node_modules first, then up to the root). */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir) || dir === dirname(ROOT)) return undefined;
  }
}

/** `roots` and every package they depend on at runtime, transitively, as installed. */
export function transitiveClosure(roots: readonly string[], root: string = ROOT): Set<string> {
  const names = new Set<string>();
  const visited = new Set<string>();
  const queue: Array<{ name: string; from: string }> = roots.map((name) => ({ name, from: root }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    names.add(next.name);
    const dir = packageDir(next.name, next.from);
    if (!dir || visited.has(dir)) continue;
    visited.add(dir);
    const pkg = readPackageJson(dir) ?? {};
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) queue.push({ name: dep, from: dir });
  }
  return names;
}

/** What {@link checkBundleDeps} found. */
export interface BundleDepsReport {
  /** Packages in the bundle. */
  readonly bundled: readonly string[];
  /** package.json `dependencies` that README.md names: the declared runtime set. */
  readonly declared: readonly string[];
  /** One line per bundled package that is neither declared nor a transitive dependency of a declared one. */
  readonly violations: readonly string[];
}

/** The rule, on plain lists (so it can be tested on its own). */
export function findViolations(bundled: readonly string[], dependencies: readonly string[], readme: readonly string[], closure: ReadonlySet<string>): string[] {
  const violations: string[] = [];
  for (const name of bundled) {
    if (dependencies.includes(name) && readme.includes(name)) continue;
    if (dependencies.includes(name)) violations.push(`${name}: a runtime dependency in the bundle that README.md's "Dependencies and why" does not name`);
    else if (!closure.has(name)) violations.push(`${name}: in the bundle, but neither in package.json dependencies nor a dependency of one README.md names`);
  }
  return violations;
}

/** Bundles the handler and checks every bundled package against package.json and README.md. */
export async function checkBundleDeps(sourceFile: string = DEFAULT_SOURCE): Promise<BundleDepsReport> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const dependencies = Object.keys(pkg.dependencies ?? {});
  const readme = readmeDependencies();
  const declared = dependencies.filter((d) => readme.includes(d));
  const bundled = await bundledPackages(sourceFile);
  return { bundled, declared, violations: findViolations(bundled, dependencies, readme, transitiveClosure(declared)) };
}

if (require.main === module) {
  checkBundleDeps(process.argv[2] ? resolve(process.argv[2]) : undefined).then(
    (report) => {
      process.stdout.write(`bundled packages: ${report.bundled.join(', ')}\n`);
      if (report.violations.length === 0) {
        process.stdout.write('ok: every bundled package is a declared, documented runtime dependency (or one of theirs)\n');
        return;
      }
      process.stderr.write(`${report.violations.map((v) => `✘ ${v}`).join('\n')}\n`);
      process.exitCode = 1;
    },
    (error: unknown) => {
      process.stderr.write(`check-bundle-deps: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
