/**
 * What the Lambda handler accepts, parsed once into one of three intents:
 * a scheduled run, a manual run or check, or the continuation of a run.
 */
// zod/mini: parsed on every invocation's path, loaded at every cold start (see commit/manifest.ts).
import * as z from 'zod/mini';
import './commit/zodMessages';
import { HandlerInputError } from './errors/HandlerInputError';

/** A manual invocation payload; unknown fields are rejected. */
export const ManualPayloadSchema = z.strictObject({
  mode: z.enum(['run', 'check']),
  resources: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  max_pages: z.optional(z.int().check(z.positive())),
  from: z.optional(z.union([z.string(), z.number()])),
  to: z.optional(z.union([z.string(), z.number()])),
  dry_run: z.optional(z.boolean()),
});

/**
 * A state change or read (`{"mode": "state"}`), as `sluice state` does it:
 * nothing else shows the state; `reset` (with `resources`, or every resource)
 * or `set` commits a new state and no data.
 */
export const StatePayloadSchema = z.strictObject({
  mode: z.literal('state'),
  reset: z.optional(z.boolean()),
  resources: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  set: z.optional(z.record(z.string().check(z.minLength(1)), z.union([z.string(), z.number()]))),
});

/**
 * The fields of a manual payload a check takes besides `mode`: a check reads one
 * page of each resource and writes nothing, so a page limit, a window or a dry
 * run would mean nothing to it. The handler and `sluice invoke`'s flags both say
 * so from here.
 */
export const CHECK_FIELDS: readonly string[] = Object.freeze(['resources']);

/** Why a check takes only {@link CHECK_FIELDS}, for messages. */
export const CHECK_READS_ONE_PAGE = 'a check reads one page and writes nothing';

/** Of the manual payload fields given, those a check refuses (everything but `mode` and {@link CHECK_FIELDS}), in the order given. */
export function fieldsCheckRefuses(given: Iterable<string>): string[] {
  return [...given].filter((field) => field !== 'mode' && !CHECK_FIELDS.includes(field));
}

/** The payload of a continuation (sent by the engine to itself). */
export const ContinuePayloadSchema = z.strictObject({ continue: z.string().check(z.minLength(1)) });

/** The target input the CDK app gives the schedule. */
export const SchedulePayloadSchema = z.strictObject({ trigger: z.literal('schedule') });

/** A parsed invocation. */
export type HandlerEvent =
  | { readonly kind: 'schedule' }
  | { readonly kind: 'manual'; readonly payload: z.output<typeof ManualPayloadSchema> }
  | { readonly kind: 'state'; readonly payload: z.output<typeof StatePayloadSchema> }
  | { readonly kind: 'continue'; readonly checkpointKey: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsOf(error: z.core.$ZodError, accepted = 'mode, resources, max_pages, from, to, dry_run'): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (accepted: ${accepted})`;
    }
    const path = issue.path.length ? issue.path.join('.') : '(payload)';
    return `${path}: ${issue.message}`;
  });
}

/**
 * Parses an invocation event.
 * - `{}`, `{"trigger":"schedule"}` and an EventBridge `Scheduled Event` → a scheduled run
 * - `{"continue": "<checkpoint key>"}` → a continuation
 * - `{"mode": "run"|"check", ...}` → a manual run or check
 * - `{"mode": "state", "reset"?, "resources"?, "set"?}` → the state shown or changed
 * @throws HandlerInputError naming every problem, unknown fields included
 */
export function parseHandlerEvent(event: unknown): HandlerEvent {
  if (event === undefined || event === null) return { kind: 'schedule' };
  if (!isRecord(event)) throw new HandlerInputError([`the payload must be a JSON object, got ${Array.isArray(event) ? 'an array' : typeof event}`]);
  if (Object.keys(event).length === 0) return { kind: 'schedule' };
  if (event['detail-type'] === 'Scheduled Event') return { kind: 'schedule' };
  if ('trigger' in event) {
    const parsed = SchedulePayloadSchema.safeParse(event);
    if (!parsed.success) throw new HandlerInputError(problemsOf(parsed.error));
    return { kind: 'schedule' };
  }
  if ('continue' in event) {
    const parsed = ContinuePayloadSchema.safeParse(event);
    if (!parsed.success) throw new HandlerInputError(problemsOf(parsed.error));
    return { kind: 'continue', checkpointKey: parsed.data.continue };
  }
  if (event.mode === 'state') {
    const parsed = StatePayloadSchema.safeParse(event);
    if (!parsed.success) throw new HandlerInputError(problemsOf(parsed.error, 'mode, reset, resources, set'));
    const { reset, resources, set } = parsed.data;
    if (reset && set) throw new HandlerInputError(['mode "state" takes "reset" or "set", not both']);
    if (resources && !reset) throw new HandlerInputError(['mode "state": "resources" goes with "reset": true (which resources to reset)']);
    return { kind: 'state', payload: parsed.data };
  }
  const parsed = ManualPayloadSchema.safeParse(event);
  if (!parsed.success) throw new HandlerInputError(problemsOf(parsed.error));
  const given = Object.entries(parsed.data).flatMap(([field, value]) => (value === undefined ? [] : [field]));
  if (parsed.data.mode === 'check' && fieldsCheckRefuses(given).length > 0) {
    throw new HandlerInputError([`mode "check" takes only ${CHECK_FIELDS.map((f) => `"${f}"`).join(', ')} (${CHECK_READS_ONE_PAGE})`]);
  }
  return { kind: 'manual', payload: parsed.data };
}
