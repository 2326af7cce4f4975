import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy, parsePolicyText, ROOT_PATH } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { isTemplateVariable, templateVariablesUsed } from '@/utils/templates';

// Drill: the policy parser on hostile input. Every input is either accepted and satisfies the
// invariants the rest of the product relies on, or refused with errors that each name a JSON path —
// never an exception. Seeds are the reference policy and the shipped example policies; mutations
// delete, retype, duplicate, overflow and re-wire their fields.

const SEED = 8_001;
const ROOT = path.resolve(import.meta.dirname, '../../..');
const seedTexts = [
  readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8'),
  ...readdirSync(path.join(ROOT, 'public/policies'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(path.join(ROOT, 'public/policies', f), 'utf8')),
];

type Json = unknown;
type Step = string | number;

/** Every path inside a JSON value (containers and leaves), root first. */
function pathsOf(value: Json, at: Step[] = [], out: Step[][] = []): Step[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  }
  return out;
}

function parentOf(root: Json, at: Step[]): { parent: Record<string | number, unknown>; key: Step } | null {
  if (at.length === 0) return null;
  let node = root as Record<string | number, unknown>;
  for (const step of at.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  return { parent: node, key: at.at(-1)! };
}

/** Values a field may be retyped or overflowed to, including what JSON cannot carry but JS can. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, undefined, true, false, 0, -0, -1, -0.001, 0.001, 0.005, 1.005, 12.345, 1e21, 1e308, -1e308,
    Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 53 / 100, 90071992547409.92, NaN, Infinity, -Infinity,
    '', ' ', '0', '25', 'null', '__proto__', 'constructor', 'x'.repeat(100_001), '{{client.name}}', '{{nope}}',
    '<script>alert(1)</script>', 'http://evil.example/*', '(', '[', 'a{b}', [], {}, [[]], { __proto__: { x: 1 } },
  ),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('overflow' as const), at: fc.nat(), times: fc.oneof(
      { arbitrary: fc.constantFrom(2, 25, 60, 120, 250), weight: 30 },
      // Past the staff limit: thousands of duplicate ids and emails in one document.
      { arbitrary: fc.constant(5_001), weight: 1 },
    ),
  }),
  fc.record({ op: fc.constant('unknown-key' as const), at: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'extra', 'perincident') }),
  // Re-wiring: one id reference pointed at another id from anywhere in the document (cycles, dangling).
  fc.record({ op: fc.constant('rewire' as const), at: fc.nat(), to: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(doc: Json, m: Mutation): Json {
  const paths = pathsOf(doc);
  const at = paths[m.at % paths.length]!;
  const slot = parentOf(doc, at);
  const current = slot ? slot.parent[slot.key] : doc;
  switch (m.op) {
    case 'delete':
      if (!slot) return undefined;
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key];
      return doc;
    case 'retype':
      if (!slot) return m.value;
      slot.parent[slot.key] = m.value;
      return doc;
    case 'duplicate':
      if (slot && Array.isArray(slot.parent)) slot.parent.push(structuredClone(current));
      else if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0]));
      return doc;
    case 'overflow': {
      const target = Array.isArray(current) ? current : slot && Array.isArray(slot.parent) ? slot.parent : null;
      if (target && target.length > 0) {
        const first = target[0];
        for (let i = 0; i < m.times; i++) target.push(first);
      } else if (typeof current === 'string' && slot) {
        slot.parent[slot.key] = current.repeat(m.times);
      } else if (typeof current === 'number' && slot) {
        slot.parent[slot.key] = current * 10 ** Math.min(m.times, 400);
      }
      return doc;
    }
    case 'unknown-key':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
        // defineProperty so "__proto__" becomes an own key, as JSON.parse makes it.
        Object.defineProperty(current, m.key, { value: 1, enumerable: true, configurable: true, writable: true });
      }
      return doc;
    case 'rewire': {
      if (!slot || typeof current !== 'string') return doc;
      const ids = paths
        .map((p) => parentOf(doc, p))
        .filter((s): s is NonNullable<typeof s> => s !== null && s.key === 'id')
        .map((s) => s.parent[s.key])
        .filter((v): v is string => typeof v === 'string');
      if (ids.length > 0) slot.parent[slot.key] = ids[m.to % ids.length];
      return doc;
    }
  }
}

const isMinor = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isCap = (n: unknown) => n === null || isMinor(n);

/** What an accepted policy must satisfy; a list of broken invariants (empty = fine). */
function brokenInvariants(p: Policy): string[] {
  const broken: string[] = [];
  const roleIds = new Set(p.roles.map((r) => r.id));
  const remedyIds = new Set(p.remedies.map((r) => r.id));
  const templateIds = new Set(p.templates.map((t) => t.id));
  const unique = (list: { id: string }[], name: string) => {
    if (new Set(list.map((x) => x.id)).size !== list.length) broken.push(`duplicate ${name} id`);
  };
  unique(p.roles, 'role');
  unique(p.remedies, 'remedy');
  unique(p.templates, 'template');
  unique(p.categories, 'category');
  unique(p.checklist, 'step');
  if (p.roles.length === 0) broken.push('no roles');
  for (const r of p.roles) {
    if (!isCap(r.perIncident) || !isCap(r.perClientPerYear)) broken.push(`role ${r.id}: cap not minor units`);
    if (r.approverRole !== undefined && !roleIds.has(r.approverRole)) broken.push(`role ${r.id}: dangling approver`);
  }
  // Acyclic: following approverRole from any role ends within roles.length steps.
  const byId = new Map(p.roles.map((r) => [r.id, r]));
  for (const r of p.roles) {
    let at: string | undefined = r.approverRole;
    let steps = 0;
    while (at !== undefined && steps <= p.roles.length) {
      at = byId.get(at)?.approverRole;
      steps++;
    }
    if (at !== undefined) broken.push(`role ${r.id}: approver chain loops`);
  }
  for (const s of p.staff) {
    if (!roleIds.has(s.role)) broken.push(`staff ${s.email}: dangling role`);
    if (s.email !== s.email.trim().toLowerCase()) broken.push(`staff ${s.email}: email not normalised`);
  }
  if (new Set(p.staff.map((s) => s.email)).size !== p.staff.length) broken.push('duplicate staff email');
  for (const r of p.remedies) {
    if (!isMinor(r.defaultAmount)) broken.push(`remedy ${r.id}: defaultAmount not minor units`);
    if (r.maxAmount !== undefined && !isMinor(r.maxAmount)) broken.push(`remedy ${r.id}: maxAmount not minor units`);
    if (r.maxAmount !== undefined && r.defaultAmount > r.maxAmount) broken.push(`remedy ${r.id}: default above max`);
    if (r.template !== undefined && !templateIds.has(r.template)) broken.push(`remedy ${r.id}: dangling template`);
  }
  for (const c of p.categories) {
    for (const rid of c.suggestedRemedies) if (!remedyIds.has(rid)) broken.push(`category ${c.id}: dangling remedy`);
  }
  for (const t of p.templates) {
    for (const v of templateVariablesUsed(t.subject + t.body)) {
      if (!isTemplateVariable(v)) broken.push(`template ${t.id}: unknown variable ${v}`);
    }
  }
  for (const s of p.checklist) {
    if (s.dueWithinMinutes !== undefined && !(Number.isSafeInteger(s.dueWithinMinutes) && s.dueWithinMinutes >= 0)) {
      broken.push(`step ${s.id}: bad due`);
    }
  }
  if (!Number.isSafeInteger(p.sync.refreshMinutes) || p.sync.refreshMinutes < 5) broken.push('bad refreshMinutes');
  return broken;
}

interface Tally {
  cases: number;
  accepted: number;
  refused: number;
  crashes: number;
  invalidAccepted: number;
  pathless: number;
}

function check(tally: Tally, run: () => ReturnType<typeof parsePolicy>, inputIsObject: boolean): void {
  tally.cases++;
  let result: ReturnType<typeof parsePolicy>;
  try {
    result = run();
  } catch (error) {
    tally.crashes++;
    throw error;
  }
  if (result.ok) {
    tally.accepted++;
    const broken = brokenInvariants(result.policy);
    if (broken.length > 0) {
      tally.invalidAccepted++;
      expect.fail(`accepted an invalid policy: ${broken.join('; ')}`);
    }
    return;
  }
  tally.refused++;
  const bad = result.errors.length === 0 || result.errors.some((e) => !e.path.trim() || !e.message.trim());
  // A document that is an object is refused for something inside it, never vaguely at the root.
  const vague = inputIsObject && result.errors.some((e) => e.path === ROOT_PATH && !/JSON/.test(e.message));
  if (bad || vague) {
    tally.pathless++;
    expect.fail(`refusal without a path: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
}

describe('drill: policy parser fuzz', () => {
  it('accepts only valid policies and names a path for every refusal, never throwing', () => {
    const tally: Tally = { cases: 0, accepted: 0, refused: 0, crashes: 0, invalidAccepted: 0, pathless: 0 };
    const seeds = seedTexts.map((t) => JSON.parse(t) as Json);

    // The seeds themselves are valid.
    for (const seed of seeds) check(tally, () => parsePolicy(structuredClone(seed)), true);
    expect(tally.accepted).toBe(seeds.length);

    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (s, ms) => {
        let doc = structuredClone(seeds[s]);
        for (const m of ms) doc = apply(doc, m);
        const isObject = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
        check(tally, () => parsePolicy(doc), isObject);
        // The same document through the text door (what a sync or a file import sees).
        let text: string | undefined;
        try {
          text = JSON.stringify(doc);
        } catch {
          text = undefined;
        }
        if (text !== undefined) check(tally, () => parsePolicyText(text), false);
      }),
      { seed: SEED, numRuns: 2_000 },
    );

    // Arbitrary values and arbitrary text, not derived from a policy at all.
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), fc.string({ maxLength: 200 }), (value, text) => {
        check(tally, () => parsePolicy(value), false);
        check(tally, () => parsePolicyText(text), false);
      }),
      { seed: SEED, numRuns: 1_000 },
    );

    // Hostile objects: a getter that throws, a proxy that lies.
    const trap = structuredClone(seeds[0]) as Record<string, unknown>;
    Object.defineProperty(trap, 'firm', { enumerable: true, get: () => { throw new Error('trap'); } });
    check(tally, () => parsePolicy(trap), false);
    check(tally, () => parsePolicy(new Proxy({ schemaVersion: 1 }, { ownKeys: () => { throw new Error('trap'); } })), false);

    console.log(
      `policy fuzz (seed ${SEED}): ${tally.cases} cases, ${tally.accepted} accepted, ${tally.refused} refused, ` +
        `${tally.crashes} crashes, ${tally.invalidAccepted} invalid accepted, ${tally.pathless} refusals without a path`,
    );
    expect(tally.crashes).toBe(0);
    expect(tally.invalidAccepted).toBe(0);
    expect(tally.pathless).toBe(0);
    // The drill must exercise both doors, not refuse everything.
    expect(tally.accepted).toBeGreaterThan(100);
  }, 120_000);
});
