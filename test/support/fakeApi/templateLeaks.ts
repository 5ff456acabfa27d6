/**
 * The request-log scan every fake API runs: a request whose URL carries a
 * placeholder that was never expanded (`{resources.…}`, `{incremental.…}`, a
 * dlt `{name}`), raw or percent-encoded, or a dlt param object sent as a query
 * value (`%22type%22`), means a config validated and then sent something the
 * API cannot mean. Such a request is answered 400 and kept, and `close()` fails
 * the test file with the list.
 */

const UNEXPANDED = /(?:%7B|\{)(?:resources\.|incremental\.|[A-Za-z_][A-Za-z0-9_]*(?:%7D|\}))/i;
const PARAM_OBJECT = /%22type%22|"type"/i;

/** Why a request target leaks a template, or undefined when it does not. */
export function templateLeak(target: string): string | undefined {
  if (UNEXPANDED.test(target)) return 'an unexpanded placeholder';
  if (PARAM_OBJECT.test(target)) return 'a JSON object (a dlt param?) as a query value';
  return undefined;
}

/** The error `close()` rejects with when requests leaked templates. */
export function templateLeakError(leaks: readonly string[]): Error {
  return new Error(`fake API: ${leaks.length} request(s) sent a template unexpanded:\n${leaks.map((l) => `  ${l}`).join('\n')}`);
}
