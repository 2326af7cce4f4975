import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAuthority } from '@/utils/authority';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { ownRecords, stepRecord } from '@/utils/firm-ledger/replica';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal, CLOCK_SKEW_MS, type IncomingDoc } from '@/utils/firm-ledger/rules';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';
import { freshLedger, input } from '../ledger/helpers';

// One rulebook, three readers: on generated cases, what the panel's decision (decideAuthority)
// allows, the server's rules accept and the fold applies unchanged; what the server refuses only
// because the decision refused it is the per-client yearly cap, the one rule a validation function
// cannot see; and whatever lie makes a record prove nothing on the server, the fold sets aside too.

const policy = { ...examplePolicy(), staff: examplePolicy().staff.map((s, i) => ({ ...s, code: `S${i}` })) };
const rules = ledgerRules(policy);
const T = Date.UTC(2026, 10, 25, 15);
const people: Me[] = policy.staff.map((s) => ({ email: s.email, name: s.name, role: s.role }));
const server = (doc: IncomingDoc, name: string, now: number) =>
  serverRefusal({ ...doc }, null, { name, roles: [] }, rules, now, recordRefusal, ledgerWriteRefusal);

const proposal = fc.record({
  who: fc.integer({ min: 0, max: people.length - 1 }),
  remedy: fc.integer({ min: 0, max: policy.remedies.length - 1 }),
  amount: fc.integer({ min: 0, max: 300_000 }),
  earlier: fc.integer({ min: 0, max: 150_000 }),
});

describe('the panel, the server and the fold decide alike', () => {
  it('what the decision allows, the server accepts and the fold gives back; asking, likewise', async () => {
    const seen = { granted: 0, asked: 0 };
    await fc.assert(
      fc.asyncProperty(proposal, async ({ who, remedy: r, amount, earlier }) => {
        const me = people[who]!;
        const remedy = policy.remedies[r]!;
        const ledger = await freshLedger();
        let incident = await ledger.startIncident(input(), me, policy, T);
        // Something given to the client before, by a partner, for the caps to count.
        const dev = people.find((p) => p.role === 'partner')!;
        const other = await ledger.startIncident(input(), dev, policy, T - 1_000);
        if (earlier > 0) await ledger.grantRemedy({ incidentId: other.id, remedyId: 'courier-credit', amount: earlier }, dev, policy, T - 500);
        const history = [incident, ...(earlier > 0 ? [await ledger.getIncident(other.id)] : [])].filter((i) => i !== null && i !== undefined);
        const decision = decideAuthority(policy, me.role, history, { clientKey: incident.clientKey, incidentId: incident.id, remedyId: remedy.id, amount }, T + 1_000);
        const now = T + 2_000;
        if (decision.allowed) {
          incident = await ledger.grantRemedy({ incidentId: incident.id, remedyId: remedy.id, amount }, me, policy, T + 1_000);
          seen.granted++;
        } else if (decision.approverRole !== null) {
          incident = await ledger.requestApproval({ incidentId: incident.id, remedyId: remedy.id, amount }, me, policy, T + 1_000);
          seen.asked++;
        } else {
          return;
        }
        // As the background records a command: the author's records, and the steps the grant ticked.
        const ticks = incident.checklist
          .filter((st) => st.doneAt !== undefined)
          .map((st) => stepRecord(incident, st.stepId, true, me.email, st.doneAt!, 'p'));
        const records = [...ownRecords(incident, me.email), ...ticks];
        for (const record of records) expect(server(record as unknown as IncomingDoc, me.email, now), record.type).toBeNull();
        expect(foldIncident(records, now)).toEqual({ ...incident, updatedAt: expect.any(Number) as number });
      }),
      { numRuns: 60 },
    );
    expect(seen.granted).toBeGreaterThan(0);
    expect(seen.asked).toBeGreaterThan(0);
  });

  it('a grant the server accepts was allowed by the decision, or refused only by the yearly cap', async () => {
    await fc.assert(
      fc.asyncProperty(proposal, async ({ who, remedy: r, amount }) => {
        const me = people[who]!;
        const remedy = policy.remedies[r]!;
        const ledger = await freshLedger();
        const incident = await ledger.startIncident(input(), me, policy, T);
        const decision = decideAuthority(policy, me.role, [incident], { clientKey: incident.clientKey, incidentId: incident.id, remedyId: remedy.id, amount }, T + 1_000);
        const value = remedy.kind === 'apology' ? 0 : amount;
        const grant: IncomingDoc = {
          _id: `${incident.id}/granted/${me.email}:g1`,
          type: 'remedy-granted',
          v: 2,
          incidentId: incident.id,
          clientKey: incident.clientKey,
          author: me.email,
          at: T + 1_000,
          role: me.role,
          grantId: `${me.email}:g1`,
          remedyId: remedy.id,
          label: remedy.label,
          kind: remedy.kind,
          amount: value,
          currency: policy.firm.currency,
        };
        const accepted = server(grant, me.email, T + 2_000) === null;
        if (accepted && !decision.allowed) {
          const role = policy.roles.find((x) => x.id === me.role)!;
          expect(role.perClientPerYear !== null && value > role.perClientPerYear).toBe(true);
        }
        if (decision.allowed) expect(accepted).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('whatever lie makes a record prove nothing on the server, the fold sets it aside', async () => {
    const ledger = await freshLedger();
    const ana = people.find((p) => p.role === 'front-desk')!;
    let incident = await ledger.startIncident(input(), ana, policy, T);
    incident = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ana, policy, T + 1_000);
    incident = await ledger.requestApproval({ incidentId: incident.id, remedyId: 'consult-refund', amount: 40000 }, ana, policy, T + 2_000);
    const honest = ownRecords(incident, ana.email);
    const now = T + 3_000;
    const lies: ((doc: IncomingDoc) => IncomingDoc)[] = [
      (d) => ({ ...d, author: people[1]!.email }),
      (d) => ({ ...d, at: now + CLOCK_SKEW_MS + 1 + 86_400_000 }),
      (d) => ({ ...d, amount: Number(d.amount ?? 0) + 1 }),
      (d) => ({ ...d, grantId: `${people[2]!.email}:stolen`, requestId: `${people[2]!.email}:x:1:y` }),
      (d) => ({ ...d, _id: `${String(d._id)}x` }),
      (d) => ({ ...d, incidentId: `${people[2]!.email}:elsewhere` }),
      (d) => ({ ...d, _attachments: { a: { data: 'AA==' } } }),
    ];
    await fc.assert(
      fc.property(fc.integer({ min: 0, max: honest.length - 1 }), fc.integer({ min: 0, max: lies.length - 1 }), (i, l) => {
        const forged = lies[l]!(honest[i]! as unknown as IncomingDoc);
        if (recordRefusal(forged, now, CLOCK_SKEW_MS) === null) return;
        expect(server(forged, String(forged.author), now)).not.toBeNull();
        const others = honest.filter((r) => r._id !== forged._id);
        const folded = foldIncident([...others, forged as unknown as LedgerRecord], now);
        expect(folded?.setAside?.some((a) => a.recordId === forged._id) ?? folded === null).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
