/**
 * The keys a zod schema accepts at a path of the input, for suggesting the
 * right one when a key is unknown. Unions contribute the keys of every branch,
 * so the answer is what any reading of the config would accept there.
 */
import type { z } from 'zod';

type Def = { type: string; [key: string]: unknown };

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** The schemas a value may be checked against at `schema` (wrappers removed, unions spread). */
function alternatives(schema: unknown, depth = 0): unknown[] {
  const def = defOf(schema);
  if (!def || depth > 20) return [];
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return alternatives(def.innerType, depth + 1);
    case 'pipe':
      return alternatives(def.in, depth + 1);
    case 'lazy':
      return alternatives((def.getter as () => unknown)(), depth + 1);
    case 'union':
      return (def.options as unknown[]).flatMap((o) => alternatives(o, depth + 1));
    case 'intersection':
      return [...alternatives(def.left, depth + 1), ...alternatives(def.right, depth + 1)];
    default:
      return [schema];
  }
}

function childAt(schema: unknown, key: PropertyKey): unknown[] {
  const def = defOf(schema);
  if (!def) return [];
  if (def.type === 'object') {
    const shape = def.shape as Record<string, unknown>;
    return typeof key === 'string' && key in shape ? [shape[key]] : [];
  }
  if (def.type === 'array') return typeof key === 'number' ? [def.element] : [];
  if (def.type === 'record') return [def.valueType];
  if (def.type === 'tuple') return typeof key === 'number' ? [(def.items as unknown[])[key]].filter(Boolean) : [];
  return [];
}

/** Every key an object at `path` of the input may have, by `schema`. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): Set<string> {
  let current = alternatives(schema);
  for (const key of path) current = current.flatMap((s) => childAt(s, key)).flatMap((s) => alternatives(s));
  const keys = new Set<string>();
  for (const s of current) {
    const def = defOf(s);
    if (def?.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return keys;
}
