/** Part file naming, owned by the writer that rolls parts over (see `commit/layout.ts` for every other key). */

/** The key of part `n` under a data prefix: `<dataPrefix>part-<NNNNN>.jsonl.gz`. */
export function partKey(keyPrefix: string, partNumber: number): string {
  return `${keyPrefix}part-${String(partNumber).padStart(5, '0')}.jsonl.gz`;
}
