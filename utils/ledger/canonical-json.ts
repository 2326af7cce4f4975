// JSON with every object's keys sorted: equal data gives equal text, whatever order it was built in.
// Its own module so the fold (and the phone page, which bundles the fold) need not load the export's schema.

export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/**
 * Whether two values are the same data. The plain text first: what the same code built has its keys
 * in the same order, and comparing it costs no sorting; the key-sorted text only when it differs.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || canonicalJson(a) === canonicalJson(b);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
  return sorted;
}
