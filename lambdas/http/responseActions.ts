/**
 * `response_actions`: rules checked in order before the default handling of a
 * response. A rule matches when every condition it states holds (`status_code`
 * equal, `content` a substring of the body).
 */
import type { ResponseAction } from '../config/schema';

/** The first rule matching a response, if any. */
export function matchResponseAction(
  actions: readonly ResponseAction[],
  status: number,
  bodyText: string,
): ResponseAction | undefined {
  return actions.find(
    (a) => (a.status_code === undefined || a.status_code === status) && (a.content === undefined || bodyText.includes(a.content)),
  );
}
