import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAuthority } from '@/utils/authority';
import { applyRecords, foldIncident } from '@/utils/firm-ledger/fold';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal, type IncomingDoc } from '@/utils/firm-ledger/rules';
import { decide, type Command, type Situation } from '@/utils/ledger/decide';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';

// One decision, three readers, on generated cases: what the panel shows (decideAuthority, as
// MakeItUp calls it) is what `decide` does with the same command; whatever `decide` records, the
// server's rules accept and the fold gives back exactly as the command applied it; and an approval
// decided for a request is accepted and folds the request granted.

const policy = { ...examplePolicy(), staff: examplePolicy().staff.map((s, i) => ({ ...s, code: `S${i}` })) };
const rules = ledgerRules(policy);
const T = Date.UTC(2026, 10, 25, 15);
const people: Me[] = policy.staff.map((s) => ({ email: s.email, name: s.name, role: s.role }));
const partner = people.find((p) => p.role === 'partner')!;
const server = (record: LedgerRecord, now: number) =>
  serverRefusal({ ...(record as unknown as IncomingDoc) }, null, { name: record.author, roles: [] }, rules, now, recordRefusal, ledgerWriteRefusal);

const numbers = new Map<string, number>();
const situation = (incident: Incident | null, history: readonly Incident[]): Situation => ({
  incident,
  history,
  nextCreditNote: (writer) => {
    const next = (numbers.get(writer) ?? 0) + 1;
    numbers.set(writer, next);
    const code = policy.staff.find((s) => s.email === writer)?.code;
    return `${policy.creditNotes.prefix}-2026-${code}-${String(next).padStart(4, '0')}`;
  },
});

function recorded(command: Command, incident: Incident | null, history: readonly Incident[], me: Me, at: number): LedgerRecord[] {
  const decision = decide(command, situation(incident, history), policy, me, at);
  if ('refusal' in decision) throw new Error(decision.refusal);
  return decision.records;
}

const opening = (me: Me, at: number) =>
  recorded(
    { kind: 'open', input: { client: { clientKey: 'pat@client.example', name: 'Pat', source: { tool: 'manual', label: 'Manual' } }, category: policy.categories[0]!.id, summary: 'Late papers' } },
    null,
    [],
    me,
    at,
  );

const cases = fc.record({
  who: fc.integer({ min: 0, max: people.length - 1 }),
  remedy: fc.integer({ min: 0, max: policy.remedies.length - 1 }),
  amount: fc.integer({ min: 0, max: 300_000 }),
  earlier: fc.integer({ min: 0, max: 150_000 }),
});

describe('decide, the panel, the server and the fold', () => {
  it('decide does what the panel says, the server accepts what it records, and the fold gives back what it applied', () => {
    const seen = { granted: 0, asked: 0, refused: 0, approved: 0 };
    fc.assert(
      fc.property(cases, ({ who, remedy: r, amount, earlier }) => {
        const me = people[who]!;
        const remedy = policy.remedies[r]!;
        const now = T + 10_000;
        // The client was given something before, by a partner, in another incident: the caps count it.
        const otherRecords = opening(partner, T - 2_000);
        let other = applyRecords(null, otherRecords);
        if (earlier > 0) {
          const given = recorded({ kind: 'grant', proposal: { incidentId: other.id, remedyId: 'courier-credit', amount: earlier } }, other, [other], partner, T - 1_000);
          otherRecords.push(...given);
          other = applyRecords(other, given);
        }
        const records = opening(me, T);
        const incident = applyRecords(null, records);
        const history = [incident, other];
        const proposal = { incidentId: incident.id, remedyId: remedy.id, amount };
        const panel = decideAuthority(policy, me.role, history, { clientKey: incident.clientKey, ...proposal }, T + 1_000);

        const grant = decide({ kind: 'grant', proposal }, situation(incident, history), policy, me, T + 1_000);
        const ask = decide({ kind: 'request', proposal }, situation(incident, history), policy, me, T + 1_000);
        // The panel offers Grant exactly when decide grants, and Ask for approval exactly when it asks.
        expect('records' in grant).toBe(panel.allowed);
        expect('records' in ask).toBe(panel.approverRole !== null);
        if (!panel.allowed) expect(grant).toEqual({ refusal: panel.reason });

        const decided = 'records' in grant ? grant.records : 'records' in ask ? ask.records : null;
        if (!decided) {
          seen.refused++;
          return;
        }
        if ('records' in grant) seen.granted++;
        else seen.asked++;
        const after = applyRecords(incident, decided);
        for (const record of [...records, ...decided]) expect(server(record, now), record.type).toBeNull();
        expect(foldIncident([...records, ...decided], now)).toEqual(after);

        // An approval decided by someone who may give it: accepted, and the request folds granted.
        if ('records' in grant) return;
        const request = after.remedies.find((x) => x.status === 'pending')!;
        const approver = people.find((p) => {
          if (p.email === me.email) return false;
          const answer = decide({ kind: 'approve', incidentId: after.id, requestId: request.id, approverEmail: p.email, own: true }, situation(after, [after, other]), policy, p, T + 5_000);
          return 'records' in answer;
        });
        if (!approver) return;
        const answer = recorded({ kind: 'approve', incidentId: after.id, requestId: request.id, approverEmail: approver.email, own: true }, after, [after, other], approver, T + 5_000);
        for (const record of answer) expect(server(record, now), record.type).toBeNull();
        const folded = foldIncident([...records, ...decided, ...answer], now)!;
        expect(folded).toEqual(applyRecords(after, answer));
        expect(folded.remedies.find((x) => x.id === request.id)).toMatchObject({ status: 'granted', approvedBy: approver.email, amount: request.amount });
        seen.approved++;
      }),
      { numRuns: 200 },
    );
    expect(seen.granted).toBeGreaterThan(0);
    expect(seen.asked).toBeGreaterThan(0);
    expect(seen.approved).toBeGreaterThan(0);
  });

  it('what the server refuses of a command, decide had refused: an answer never changes what was asked', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 100_000 }), ({ who, remedy: r, amount }, lie) => {
        const me = people[who]!;
        const remedy = policy.remedies[r]!;
        const records = opening(me, T);
        const incident = applyRecords(null, records);
        const ask = decide({ kind: 'request', proposal: { incidentId: incident.id, remedyId: remedy.id, amount } }, situation(incident, [incident]), policy, me, T + 1_000);
        if (!('records' in ask)) return;
        const after = applyRecords(incident, ask.records);
        const request = after.remedies[0]!;
        const answer = recorded({ kind: 'approve', incidentId: after.id, requestId: request.id, approverEmail: partner.email, own: true }, after, [after], partner, T + 2_000)[0]!;
        // The same answer stating another amount: refused by the server, set aside by the fold.
        const forged = { ...answer, amount: (answer as { amount: number }).amount + lie } as LedgerRecord;
        expect(server(forged, T + 3_000)).not.toBeNull();
        const folded = foldIncident([...records, ...ask.records, forged], T + 3_000)!;
        expect(folded.remedies[0]!.status).toBe('pending');
        expect(folded.setAside?.map((a) => a.recordId)).toContain(forged._id);
      }),
      { numRuns: 100 },
    );
  });
});
