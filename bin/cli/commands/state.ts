/**
 * `sluice state <source>`: the committed state of every resource. With
 * `--reset [--resources a,b]` or `--set <resource>=<value>`, commits a new
 * state as the next `seq` (a manifest with no data, `"trigger": "state"`),
 * after showing what changes and asking, unless `--yes`. The next run starts
 * from it.
 */
import { jsonFlag, RESOURCES } from '../flags';
import { mkdirSync } from 'node:fs';
import type { ResourceState } from '../../../lambdas/commit/manifest';
import type * as LocalLockModule from '../../../lambdas/commit/localLock';
import type * as StateChangeModule from '../../../lambdas/run/stateChange';
import type { StateChangeRequest, StatePlan, StateResponse } from '../../../lambdas/run/stateChange';
import { boolFlag, listFlag } from '../args';
import type { ParsedArgs } from '../args';
import type { Command } from '../Command';
import { describeDestination, destinationOf, DESTINATION_FLAGS, openStore } from '../destination';
import { EXIT } from '../describeError';
import { lazy } from '../lazy';
import { loadSourceArg } from '../sourceArg';
import type { Style } from '../style';
import { formatTable } from '../table';
import { UsageError } from '../UsageError';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const stateChange = lazy<typeof StateChangeModule>(() => require('../../../lambdas/run/stateChange'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const localLock = lazy<typeof LocalLockModule>(() => require('../../../lambdas/commit/localLock'));

const USAGE = 'sluice state <source> [--out DIR | --bucket B] [--prefix P] [--reset [--resources a,b] | --set <resource>=<value> ...] [--yes] [--json]';

/** The state of one resource in one short cell. */
export function describeState(state: ResourceState | undefined): string {
  if (!state) return 'none (the next run starts from initial_value)';
  const parts: string[] = [];
  if (state.incremental) {
    const { last_value: value, boundary_keys: boundary, ahead_keys: ahead = [] } = state.incremental;
    const keys = boundary.length;
    parts.push(
      `${value === undefined ? 'no cursor yet' : `cursor ${JSON.stringify(value)}`}${keys ? ` (${keys} record${keys === 1 ? '' : 's'} at the boundary)` : ''}` +
        // Left by a truncated run that kept the state: the next run drops these re-reads instead of writing them twice.
        (ahead.length ? `, ${ahead.length} record${ahead.length === 1 ? '' : 's'} committed above it by a truncated run` : ''),
    );
  }
  if (state.per_parent) {
    const n = Object.keys(state.per_parent).length;
    parts.push(`a cursor per parent record (${n} parent${n === 1 ? '' : 's'})`);
  }
  return parts.join(', ') || 'none';
}

function parseRequest(args: ParsedArgs): StateChangeRequest | undefined {
  const reset = boolFlag(args, 'reset');
  const resources = listFlag(args, 'resources', USAGE);
  const sets = (args.values.set as unknown as string[] | undefined) ?? [];
  if (resources && !reset) throw new UsageError('--resources goes with --reset (which resources to reset)', USAGE);
  if (reset && sets.length) throw new UsageError('--reset and --set cannot be used together: run one, then the other', USAGE);
  if (!reset && !sets.length) return undefined;
  if (reset) return { reset: { resources } };
  const set: Record<string, string> = {};
  for (const item of sets) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes <resource>=<value>, e.g. --set items=2026-01-01T00:00:00Z; got "${item}"`, USAGE);
    set[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return { set };
}

function formatPlan(plan: StatePlan, style: Style, changes: boolean): string {
  const names = changes ? plan.changed : Object.keys(plan.resources);
  const rows = names.map((n) => {
    const diff = plan.resources[n];
    return changes ? [n, describeState(diff.before), style.bold(describeState(diff.after))] : [n, describeState(diff.before)];
  });
  const columns = changes ? [{ header: 'RESOURCE' }, { header: 'NOW' }, { header: 'AFTER' }] : [{ header: 'RESOURCE' }, { header: 'STATE' }];
  return formatTable(columns, rows);
}

/**
 * What a deployed function answered to `{"mode": "state"}` (`sluice invoke`),
 * printed as `sluice state` prints a local state: the seq, what a change
 * committed, and each resource's state now.
 */
export function formatStateResponse(response: StateResponse): string {
  const head = response.manifest_key
    ? `committed state of "${response.source}" as seq ${response.seq} (${response.manifest_key}), changed: ${response.changed.join(', ')}; the next run starts from it\n`
    : `state of "${response.source}" at seq ${response.seq}${response.seq === 0 ? ' (nothing committed yet)' : ''}\n`;
  const rows = Object.entries(response.resources).map(([n, state]) => [n, describeState(state ?? undefined)]);
  return head + formatTable([{ header: 'RESOURCE' }, { header: 'STATE' }], rows);
}

/** `sluice state`. */
export const stateCommand: Command = {
  name: 'state',
  summary: 'Show the committed state of each resource; --reset or --set commits a new one.',
  spec: {
    usage: USAGE,
    flags: {
      ...DESTINATION_FLAGS,
      reset: { type: 'boolean', description: 'Clear the state of the --resources named: the next run starts from initial_value.' },
      resources: { ...RESOURCES, default: 'with --reset: every resource that has state', description: 'With --reset: only these resources, comma-separated.' },
      set: {
        type: 'string',
        multiple: true,
        value: '<resource>=<value>',
        description: "Set the cursor of an incremental top-level resource; the value must be of the cursor's type (a number, or an ISO 8601 date-time).",
      },
      yes: { type: 'boolean', short: 'y', default: 'ask on the terminal', description: 'Commit the change without asking.' },
      json: jsonFlag('{"source", "seq", "resources"}; after a change also "run_id", "manifest_key" and "changed" with each resource\'s before and after'),
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal } = context;
    const json = boolFlag(args, 'json');
    const { destination, prefix } = destinationOf(args, USAGE);
    const request = parseRequest(args);
    const { source } = loadSourceArg(args.positionals[0], context);
    const where = describeDestination(destination);
    let release: (() => Promise<void>) | undefined;
    if (request && 'out' in destination) {
      mkdirSync(destination.out, { recursive: true });
      release = await localLock().acquireLocalLock(destination.out, source.name);
    }
    try {
      const store = openStore(destination);
      const plan = await stateChange().planStateChange(store, prefix, source, request);
      if (!request) {
        if (json) {
          const resources = Object.fromEntries(Object.entries(plan.resources).map(([n, d]) => [n, d.before ?? null]));
          terminal.out(`${JSON.stringify({ source: source.name, ...destination, seq: plan.seq, resources })}\n`);
        } else {
          terminal.out(`state of "${source.name}" in ${where} at seq ${plan.seq}${plan.seq === 0 ? ' (nothing committed yet)' : ''}\n`);
          terminal.out(formatPlan(plan, terminal.style, false));
        }
        return EXIT.ok;
      }
      if (plan.changed.length === 0) {
        if (json) terminal.out(`${JSON.stringify({ source: source.name, ...destination, seq: plan.seq, changed: [] })}\n`);
        else terminal.out(`nothing to change: the state of "${source.name}" in ${where} is already as asked\n`);
        return EXIT.ok;
      }
      terminal.err(`the state of "${source.name}" in ${where} (seq ${plan.seq}) would change:\n${formatPlan(plan, terminal.errStyle, true)}`);
      if (!boolFlag(args, 'yes')) {
        const answer = await terminal.ask(`commit this as seq ${plan.seq + 1}? [y/N] `);
        if (answer === undefined) throw new UsageError('nothing committed: stdin is not a terminal, so the change cannot be confirmed; add --yes to commit it', USAGE);
        if (!/^y(es)?$/i.test(answer.trim())) {
          terminal.err('nothing committed\n');
          return EXIT.ok;
        }
      }
      const committed = await stateChange().commitStateChange(store, prefix, source, plan);
      if (json) {
        const resources = Object.fromEntries(plan.changed.map((n) => [n, { before: plan.resources[n].before ?? null, after: plan.resources[n].after ?? null }]));
        terminal.out(`${JSON.stringify({ source: source.name, ...destination, ...committed, changed: plan.changed, resources })}\n`);
      } else {
        terminal.out(`committed state as seq ${committed.seq} (${committed.manifest_key}); the next run starts from it\n`);
      }
      return EXIT.ok;
    } finally {
      await release?.();
    }
  },
};
