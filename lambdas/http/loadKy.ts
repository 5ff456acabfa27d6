/**
 * ky, loaded when the first request is sent rather than when the handler's
 * module loads. ky's module init detects features by building a `Request` with
 * a `ReadableStream` body, which makes Node load undici and its web streams:
 * ≈20 ms of CPU in every cold start, spent before any request is due (and
 * never at all by an invocation that sends none: a `state` change, a
 * `duplicate` continuation, a source without resources selected).
 */
import type * as Ky from 'ky';

let loading: Promise<typeof Ky> | undefined;

/** The ky module, imported once per process. */
export function loadKy(): Promise<typeof Ky> {
  loading ??= import('ky');
  return loading;
}
