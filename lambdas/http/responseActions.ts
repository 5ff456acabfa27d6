/**
 * `response_actions`: rules checked in order before the default handling of a
 * response. A rule matches when every condition it states holds (`status_code`
 * equal, `content` a substring of the body).
 */
import type { ResponseActionModel } from '../model';

/** The first rule matching a response, if any. */
export function matchResponseAction(
  actions: readonly ResponseActionModel[],
  status: number,
  bodyText: string,
): ResponseActionModel | undefined {
  return actions.find(
    (a) => (a.statusCode === undefined || a.statusCode === status) && (a.content === undefined || bodyText.includes(a.content)),
  );
}
