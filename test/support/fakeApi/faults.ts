/**
 * Injected faults: a queue matched by path, and the responses of the faults that
 * answer in place of the route. The transport faults (drop, drop-mid-body, slow)
 * are carried out by the server, which owns the sockets.
 */
import { expiredToken } from './auth';
import type { FakeResponse } from './http';
import { htmlPage, json } from './http';
import type { FaultKind, FaultSpec } from './types';

const FAULT_KINDS: readonly FaultKind[] = ['status', 'drop', 'drop-mid-body', 'slow', 'malformed-json', 'html', 'expire-token'];

interface QueuedFault {
  readonly spec: FaultSpec;
  passed: number;
  hits: number;
}

function matches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern === 'string') return path.startsWith(pattern);
  // A /g or /y RegExp remembers lastIndex between test() calls.
  pattern.lastIndex = 0;
  return pattern.test(path);
}

/** The pending faults, in the order they were added. */
export class FaultQueue {
  private faults: QueuedFault[] = [];

  /** Queues a fault; throws, naming the field, on a spec it cannot carry out. */
  add(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`fake API: fault kind must be one of ${FAULT_KINDS.join(', ')}, got "${spec.kind}"`);
    for (const field of ['times', 'skip', 'delayMs', 'retryAfterSeconds'] as const) {
      const value = spec[field];
      if (value !== undefined && !(value >= 0)) throw new Error(`fake API: fault ${field} must be >= 0, got ${value}`);
    }
    if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599)) {
      throw new Error(`fake API: fault status must be an HTTP status 200..599, got ${spec.status}`);
    }
    this.faults.push({ spec: { ...spec }, passed: 0, hits: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The fault that fires for a request to `path`, if any: the first matching fault
   * past its `skip` phase. Every matching fault still in its `skip` phase counts the
   * request, whichever fault (if any) answers it, so `skip: N` always means "from
   * the (N+1)th matching request on".
   */
  take(path: string): FaultSpec | undefined {
    let fired: QueuedFault | undefined;
    for (const fault of this.faults) {
      if (!matches(fault.spec.path, path)) continue;
      if (fault.passed < (fault.spec.skip ?? 0)) fault.passed += 1;
      else fired ??= fault;
    }
    if (!fired) return undefined;
    fired.hits += 1;
    if (fired.hits >= (fired.spec.times ?? 1)) this.faults.splice(this.faults.indexOf(fired), 1);
    return fired.spec;
  }
}

function retryAfterValue(spec: FaultSpec): string | undefined {
  if (spec.retryAfter === undefined) return undefined;
  if (typeof spec.retryAfter === 'number') return String(spec.retryAfter);
  if (spec.retryAfter !== 'date') return spec.retryAfter;
  // Real time, not the injected clock: the client waits in real time. Rounded up to a
  // whole second because an HTTP date has no fractions, so the wait is never shorter.
  const at = Math.ceil((Date.now() + (spec.retryAfterSeconds ?? 1) * 1000) / 1000) * 1000;
  return new Date(at).toUTCString();
}

function statusFault(spec: FaultSpec): FakeResponse {
  const status = spec.status ?? 500;
  const headers: Record<string, string> = {};
  const retryAfter = retryAfterValue(spec);
  if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="fake-api"';
  if (spec.body === undefined) return json(status, { error: 'injected fault', status }, headers);
  let isJson = true;
  try {
    JSON.parse(spec.body);
  } catch {
    isJson = false;
  }
  headers['Content-Type'] = isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  return { status, headers, body: spec.body };
}

/** The response of a fault that replaces the route's, or undefined for transport faults. */
export function faultResponse(spec: FaultSpec): FakeResponse | undefined {
  switch (spec.kind) {
    case 'status':
      return statusFault(spec);
    case 'malformed-json':
      return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"data": [' };
    case 'html':
      return htmlPage();
    case 'expire-token':
      return expiredToken();
    default:
      return undefined;
  }
}
