/**
 * ANSI colors, or nothing: colors only reach a terminal, never a pipe or a
 * file, and never when `NO_COLOR` is set.
 */

/** Text styles; each is the identity when colors are off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const identity = (text: string): string => text;

/** A {@link Style} with colors on or off. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** The length of `text` as shown (ANSI codes not counted). */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
