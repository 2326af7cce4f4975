import { minorToDecimalString } from '../money';
import type { Policy } from '../policy/types';

// The policy editor edits the policy document itself, as JSON with decimal amounts: what the editor
// does not touch (key order, unknown-to-the-editor fields, amounts it was not asked to change) is
// written back exactly as it came in, and every check is the extension's own parser on the result.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PolicyDocument = { [key: string]: Json };
export type Path = readonly (string | number)[];

/** Where a downloaded policy finds its JSON Schema when none is named (beside it, as published). */
export const DEFAULT_SCHEMA_REF = 'policy.schema.json';

export function getAt(doc: Json | undefined, path: Path): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[key as number] : (node as Record<string, Json>)[key as string];
  }
  return node;
}

/**
 * A copy of `doc` with `value` at `path` (missing objects and arrays on the way are created);
 * `undefined` removes an object key. Everything else is shared, unchanged.
 */
export function setAt<T extends Json>(doc: T, path: Path, value: Json | undefined): T {
  if (path.length === 0) return (value ?? null) as T;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(doc) && typeof key === 'number') {
    const copy = [...doc];
    copy[key] = setAt((doc[key] ?? (typeof rest[0] === 'number' ? [] : {})) as Json, rest, value);
    return copy as T;
  }
  const obj = (doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Record<string, Json>;
  const child = obj[key as string];
  if (rest.length === 0 && value === undefined) {
    const { [key as string]: _removed, ...kept } = obj;
    return kept as T;
  }
  const next = rest.length === 0 ? value! : setAt((child ?? (typeof rest[0] === 'number' ? [] : {})) as Json, rest, value);
  return { ...obj, [key as string]: next } as T;
}

/** A copy with the list at `path` changed by `change` (a missing list counts as empty). */
export function updateList<T extends Json>(doc: T, path: Path, change: (items: Json[]) => Json[]): T {
  const current = getAt(doc, path);
  return setAt(doc, path, change(Array.isArray(current) ? current : []));
}

/** Minor units → the decimal number the JSON holds (2000 USD cents → 20, 3550 → 35.5). */
function decimal(minor: number, currency: string): number {
  return Number(minorToDecimalString(minor, currency));
}

/** The policy in force (amounts in minor units) as the document a firm would have written. */
export function documentFromPolicy(policy: Policy): PolicyDocument {
  const c = policy.firm.currency;
  const cap = (minor: number | null) => (minor === null ? null : decimal(minor, c));
  const doc = {
    ...policy,
    roles: policy.roles.map((r) => ({ ...r, perIncident: cap(r.perIncident), perClientPerYear: cap(r.perClientPerYear) })),
    remedies: policy.remedies.map((r) => ({
      ...r,
      defaultAmount: decimal(r.defaultAmount, c),
      ...(r.maxAmount !== undefined ? { maxAmount: decimal(r.maxAmount, c) } : {}),
    })),
  };
  return JSON.parse(JSON.stringify(doc)) as PolicyDocument;
}

/** The file as downloaded: `"$schema"` first (kept when the document names one), two-space JSON. */
export function serializeDocument(doc: PolicyDocument): string {
  const withSchema = typeof doc.$schema === 'string' ? doc : { $schema: DEFAULT_SCHEMA_REF, ...doc };
  return `${JSON.stringify(withSchema, null, 2)}\n`;
}

/**
 * What a person typed into an amount field, as the document stores it: a number when it reads as one
 * ("15", "-5", "20.50"), otherwise the text itself, so the policy's own check names the problem.
 */
export function amountFromInput(text: string): Json {
  const cleaned = text.trim().replace(/[\s,']/g, '');
  return /^-?(\d+\.?\d*|\.\d+)$/.test(cleaned) ? Number(cleaned) : text;
}

/** The document's amount as the input shows it: the decimal as written (20, 35.5), or the text typed. */
export function amountToInput(value: Json | undefined): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : '';
}
