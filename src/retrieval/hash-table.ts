/** Helpers for the open-addressing tables of typed arrays the index uses (word table, term table). */

/** FNV-1a over UTF-16 code units: the start value and the multiplier. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a hash of a string (the saved term table depends on it: changing it needs a new index format). */
export function hashString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A copy of a typed array at a new length (twice the old one by default). */
export function grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(array: T, length = array.length * 2): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}
