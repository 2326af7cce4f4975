import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAuthority, YEAR_MS } from '@/utils/authority';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import { currencyDigits, formatMoney, minorToDecimalString, parseMoneyInput, toMinorUnits } from '@/utils/money';
import { REMEDY_KINDS, type Policy, type RemedyKind, type Role } from '@/utils/policy/types';

// Drill: the authority decision on random policies, histories and proposals, against an independent
// count of what was given. Allowed implies within every applicable cap; more history never leaves more
// room; money stays integer minor units from the JSON edge through display and back.

const SEED = 8_003;
const NOW = Date.UTC(2026, 10, 25, 19, 0);
const CLIENT = 'alice@client.example';
const OTHER = 'bob@client.example';

const cap = fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null, freq: 4 });

const policyArb = fc
  .record({
    caps: fc.array(fc.tuple(cap, cap), { minLength: 1, maxLength: 5 }),
    remedies: fc.array(
      fc.record({
        kind: fc.constantFrom<RemedyKind>(...REMEDY_KINDS),
        max: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    staffed: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map(({ caps, remedies, staffed }): Policy => {
    // A chain: role-0 → role-1 → … → the top, which has no approver.
    const roles: Role[] = caps.map(([perIncident, perClientPerYear], i) => ({
      id: `role-${i}`,
      label: `Role ${i}`,
      perIncident,
      perClientPerYear,
      ...(i + 1 < caps.length ? { approverRole: `role-${i + 1}` } : {}),
    }));
    return {
      schemaVersion: 1,
      policyVersion: '1',
      firm: { name: 'Firm', currency: 'USD', locale: 'en-US', timeZone: 'UTC' },
      roles,
      staff: roles.filter((_, i) => staffed[i]).map((r) => ({ email: `${r.id}@firm.example`, name: r.label, role: r.id })),
      remedies: remedies.map((r, i) => ({
        id: `remedy-${i}`,
        label: `Remedy ${i}`,
        kind: r.kind,
        defaultAmount: 0,
        ...(r.max !== undefined ? { maxAmount: r.max } : {}),
      })),
      categories: [],
      checklist: [],
      creditNotes: { prefix: 'CN' },
      templates: [],
      detectors: [],
      sync: { refreshMinutes: 60 },
    };
  });

const grantArb = fc.record({
  kind: fc.constantFrom<RemedyKind>(...REMEDY_KINDS),
  amount: fc.integer({ min: 0, max: 20_000 }),
  status: fc.constantFrom<GrantedRemedy['status']>('granted', 'granted', 'pending', 'declined'),
  // From two years ago to a day ahead (another machine's clock).
  ageMs: fc.integer({ min: -86_400_000, max: 2 * YEAR_MS }),
});
type GrantSpec = typeof grantArb extends fc.Arbitrary<infer G> ? G : never;

function grant(spec: GrantSpec, i: number): GrantedRemedy {
  const at = NOW - spec.ageMs;
  return {
    id: `g-${i}`,
    remedyId: 'remedy-0',
    label: 'Remedy',
    kind: spec.kind,
    amount: spec.amount,
    currency: 'USD',
    status: spec.status,
    decision: 'within-authority',
    requestedBy: 'x@firm.example',
    requestedByRole: 'role-0',
    requestedAt: at,
    ...(spec.status === 'granted' ? { grantedAt: at } : {}),
  };
}

function incident(id: string, clientKey: string, remedies: GrantedRemedy[]): Incident {
  return {
    id,
    clientKey,
    clientName: clientKey,
    source: { tool: 'manual', label: 'Manual' },
    category: 'c',
    summary: '',
    createdBy: 'x@firm.example',
    createdByRole: 'role-0',
    createdAt: NOW - YEAR_MS,
    updatedAt: NOW,
    status: 'open',
    checklist: [],
    remedies,
    policyVersion: '1',
  };
}

const historyArb = fc.array(
  fc.record({ other: fc.boolean(), grants: fc.array(grantArb, { maxLength: 6 }) }),
  { maxLength: 5 },
);

function buildHistory(specs: { other: boolean; grants: GrantSpec[] }[]): Incident[] {
  let n = 0;
  return specs.map((s, i) => incident(`inc-${i}`, s.other ? OTHER : CLIENT, s.grants.map((g) => grant(g, n++))));
}

/** The independent count: money granted to the client in 365 days, and in one incident. */
function oracle(history: Incident[], incidentId: string) {
  let year = 0;
  let inIncident = 0;
  for (const inc of history) {
    if (inc.clientKey !== CLIENT) continue;
    for (const r of inc.remedies) {
      if (r.status !== 'granted' || r.kind === 'apology') continue;
      if (NOW - (r.grantedAt ?? r.requestedAt) < YEAR_MS) year += r.amount;
      if (inc.id === incidentId) inIncident += r.amount;
    }
  }
  return { year, inIncident };
}

const proposalArb = fc.record({
  remedy: fc.nat({ max: 4 }),
  incident: fc.nat({ max: 5 }),
  amount: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 30_000 }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 600_000 }), weight: 1 },
    { arbitrary: fc.constantFrom(-1, 0.5, 1e-9, NaN, Infinity, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2), weight: 1 },
  ),
  role: fc.oneof(fc.nat({ max: 5 }).map((i) => `role-${i}`), fc.constant(null), fc.constant('ghost')),
});

describe('drill: authority decision fuzz', () => {
  it('allows only what fits every cap, and more history never leaves more room', () => {
    const tally = { cases: 0, allowed: 0, overCap: 0, monotonicity: 0, nonInteger: 0 };
    fc.assert(
      fc.property(policyArb, historyArb, proposalArb, grantArb, (policy, specs, p, extra) => {
        tally.cases++;
        const history = buildHistory(specs);
        const remedy = policy.remedies[p.remedy % policy.remedies.length]!;
        const incidentId = history.length > 0 ? history[p.incident % history.length]!.id : 'inc-new';
        const proposal = { clientKey: CLIENT, incidentId, remedyId: remedy.id, amount: p.amount };
        const d = decideAuthority(policy, p.role, history, proposal, NOW);
        const role = policy.roles.find((r) => r.id === p.role);
        const { year, inIncident } = oracle(history, incidentId);

        const money = [d.value, d.perIncident.usedBefore, d.perClientYear.usedBefore, d.perIncident.remainingBefore ?? 0,
          d.perIncident.remainingAfter ?? 0, d.perClientYear.remainingBefore ?? 0, d.perClientYear.remainingAfter ?? 0];
        if (!money.every(Number.isSafeInteger)) {
          tally.nonInteger++;
          expect.fail(`non-integer money in the decision: ${JSON.stringify(money)}`);
        }
        // The decision counts what the oracle counts (only when the proposal's incident is the client's).
        const own = history.find((i) => i.id === incidentId)?.clientKey === CLIENT;
        expect(d.perClientYear.usedBefore).toBe(year);
        if (own) expect(d.perIncident.usedBefore).toBe(inIncident);

        if (d.allowed) {
          tally.allowed++;
          const value = remedy.kind === 'apology' ? 0 : p.amount;
          const fits =
            Number.isSafeInteger(p.amount) &&
            p.amount >= 0 &&
            (remedy.maxAmount === undefined || p.amount <= remedy.maxAmount) &&
            (value === 0 ||
              (role !== undefined &&
                (role.perIncident === null || (own ? inIncident : 0) + value <= role.perIncident) &&
                (role.perClientPerYear === null || year + value <= role.perClientPerYear)));
          if (!fits) {
            tally.overCap++;
            expect.fail(`allowed over a cap: ${d.reason}`);
          }
        }

        // One more granted remedy in the client's history (this incident or another) never leaves more room.
        const more = structuredClone(history);
        const target = more.find((i) => i.id === incidentId) ?? more.find((i) => i.clientKey === CLIENT);
        if (target) {
          target.remedies.push(grant({ ...extra, status: 'granted' }, 999));
          const d2 = decideAuthority(policy, p.role, more, proposal, NOW);
          const worse =
            (d2.allowed && !d.allowed) ||
            (d2.perIncident.remainingBefore ?? 0) > (d.perIncident.remainingBefore ?? 0) ||
            (d2.perClientYear.remainingBefore ?? 0) > (d.perClientYear.remainingBefore ?? 0);
          if (worse) {
            tally.monotonicity++;
            expect.fail('more history left more room');
          }
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    console.log(
      `authority fuzz (seed ${SEED}): ${tally.cases} decisions, ${tally.allowed} allowed, ${tally.overCap} allowed over a cap, ` +
        `${tally.monotonicity} where more history left more room, ${tally.nonInteger} non-integer amounts`,
    );
    expect(tally.overCap + tally.monotonicity + tally.nonInteger).toBe(0);
    expect(tally.allowed).toBeGreaterThan(1_000);
    expect(tally.cases - tally.allowed).toBeGreaterThan(500);
  }, 60_000);

  it('keeps money in integer minor units from the JSON edge through display and back', () => {
    const currencies = ['USD', 'EUR', 'GBP', 'JPY', 'BHD', 'KWD', 'CHF', 'ISK'];
    const tally = { cases: 0, drift: 0 };
    // Up to a hundred billion in the currency's major unit: far beyond any remedy, well inside a double.
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: 100_000_000_000_000 }), (currency, minor) => {
        tally.cases++;
        const digits = currencyDigits(currency);
        const decimal = minorToDecimalString(minor, currency);
        const fromJson = toMinorUnits(Number(decimal), currency);
        const typed = parseMoneyInput(decimal, currency);
        // What the person sees ("$1,234.56", "¥1,235", "BHD 1.234"), typed back in.
        const shown = formatMoney(minor, currency, 'en-US');
        const retyped = parseMoneyInput(shown.replace(/[^\d.,]/g, ''), currency);
        const ok = fromJson === minor && typed === minor && retyped === minor && decimal.split('.')[1]?.length === (digits || undefined);
        if (!ok) {
          tally.drift++;
          expect.fail(`${currency} ${minor}: decimal ${decimal} → ${String(fromJson)}, typed ${String(typed)}, shown ${shown} → ${String(retyped)}`);
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    // Sums of many small grants stay exact (no float accumulation), e.g. 0.10 + 0.20.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 200 }), (amounts) => {
        tally.cases++;
        const history = [incident('inc-0', CLIENT, amounts.map((a, i) => grant({ kind: 'credit', amount: a, status: 'granted', ageMs: 0 }, i)))];
        const policy = fc.sample(policyArb, { seed: SEED, numRuns: 1 })[0]!;
        const d = decideAuthority(policy, 'role-0', history, { clientKey: CLIENT, remedyId: 'remedy-0', amount: 0 }, NOW);
        const exact = amounts.reduce((s, a) => s + a, 0);
        if (d.perClientYear.usedBefore !== exact) {
          tally.drift++;
          expect.fail(`sum drifted: ${d.perClientYear.usedBefore} vs ${exact}`);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
    console.log(`money round trip (seed ${SEED}): ${tally.cases} amounts in ${currencies.length} currencies, ${tally.drift} drifted`);
    expect(tally.drift).toBe(0);
  });
});
