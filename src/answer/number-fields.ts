/**
 * Reading the fitted data files (`data/*-weights.json`, `data/abstention.json`): one section of numbers, each
 * named, finite, and nothing else, or an error naming the file, the section and the field.
 */

/** The section `name` of `data` as numbers keyed by `keys` (exactly those), or an error naming what is wrong. */
export function numberFields<K extends string>(
  data: unknown,
  name: string,
  keys: readonly K[],
  where: string,
  what = 'features',
): Record<K, number> {
  const obj = (data as Record<string, unknown> | null)?.[name] as Record<string, unknown> | undefined;
  if (typeof obj !== 'object' || obj === null) throw new Error(`${where}: "${name}" must be an object`);
  const extra = Object.keys(obj).filter((k) => !(keys as readonly string[]).includes(k));
  if (extra.length > 0) throw new Error(`${where}: "${name}" has unknown ${what} ${extra.join(', ')}`);
  return Object.fromEntries(
    keys.map((k) => {
      const v = obj[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: "${name}.${k}" must be a number`);
      return [k, v];
    }),
  ) as Record<K, number>;
}
