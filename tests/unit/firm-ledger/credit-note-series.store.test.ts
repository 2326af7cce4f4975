import { describe, expect, it } from 'vitest';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal } from '@/utils/firm-ledger/rules';
import { formatCreditNoteNumber, noteNumbersGiven, parseCreditNoteNumber, sequenceKey } from '@/utils/ledger/credit-notes';
import { formatPolicyIssue, parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { examplePolicy } from '../example-policy';
import { ANA as ANA_ME, BEN as BEN_ME, freshLedger, input } from '../ledger/helpers';
import { example } from '../policy/helpers';
import { ledgerRecord, ANA, CARLA } from './records';

// One credit-note series per staff member, by the code the policy gives them: numbers unique across
// the firm even offline, never reused or skipped within a series; the server refuses a number in
// someone else's series.

const T0 = Date.UTC(2026, 10, 25, 14, 0);

function codedPolicy(): Policy {
  const policy = examplePolicy();
  policy.staff = policy.staff.map((s) =>
    s.email === ANA ? { ...s, code: 'AR' } : s.email === CARLA ? { ...s, code: 'CM' } : s,
  );
  return policy;
}

describe('credit note numbers', () => {
  it('with a staff code: CN-2026-AR-0007; without: CN-2026-0007; both read back', () => {
    expect(formatCreditNoteNumber('CN', 2026, 7, 'AR')).toBe('CN-2026-AR-0007');
    expect(formatCreditNoteNumber('CN', 2026, 7)).toBe('CN-2026-0007');
    expect(parseCreditNoteNumber('CN-2026-AR-0007')).toEqual({ prefix: 'CN', year: 2026, code: 'AR', sequence: 7 });
    expect(parseCreditNoteNumber('CN-2026-0007')).toEqual({ prefix: 'CN', year: 2026, sequence: 7 });
    // A prefix that itself ends in digits is not mistaken for a code.
    expect(parseCreditNoteNumber('INV-2024-2026-0012')).toEqual({ prefix: 'INV-2024', year: 2026, sequence: 12 });
    expect(parseCreditNoteNumber('refund for Maya')).toBeNull();
  });

  it('the numbers already given raise each series on its own', () => {
    const sequences = new Map<string, number>();
    noteNumbersGiven(sequences, ['CN-2026-AR-0007', 'CN-2026-AR-0003', 'CN-2026-0002', 'CN-2025-CM-0011', undefined, 'n/a']);
    expect(Object.fromEntries(sequences)).toEqual({ 'CN-2026-AR': 7, 'CN-2026': 2, 'CN-2025-CM': 11 });
    expect(sequenceKey('CN', 2026, 'AR')).toBe('CN-2026-AR');
  });
});

describe('staff codes in the policy', () => {
  it('are optional, and kept when given', () => {
    const json = example();
    json.staff[0].code = 'AR';
    const result = parsePolicy(json);
    expect(result.ok && result.policy.staff.map((s) => s.code)).toEqual(['AR', undefined, undefined, undefined]);
  });

  it('must be short capitals and unique, named by path', () => {
    const json = example();
    json.staff[0].code = 'ar';
    json.staff[1].code = 'CM';
    json.staff[2].code = 'CM';
    const result = parsePolicy(json);
    expect(result.ok ? [] : result.errors.map(formatPolicyIssue)).toEqual([
      'staff[0].code: must be 1 to 6 capital letters or digits, starting with a letter',
      'staff[2].code: duplicate code "CM"',
    ]);
  });
});

describe('numbering in the ledger', () => {
  it('each person numbers in their own series; someone without a code, in the firm\'s', async () => {
    const ledger = await freshLedger();
    const policy = codedPolicy();
    const incident = await ledger.startIncident(input(), ANA_ME, policy, T0);
    const grant = (me: typeof ANA_ME, at: number) =>
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 500 }, me, policy, at);
    await grant(ANA_ME, T0 + 1);
    await grant(BEN_ME, T0 + 2);
    const after = await grant(ANA_ME, T0 + 3);
    expect(after.remedies.map((r) => r.creditNoteNumber)).toEqual(['CN-2026-AR-0001', 'CN-2026-0001', 'CN-2026-AR-0002']);
  });

  it('a request marked approved is numbered in the series of the requester, whose browser records it', async () => {
    const ledger = await freshLedger();
    const policy = codedPolicy();
    const incident = await ledger.startIncident(input(), ANA_ME, policy, T0);
    const asked = await ledger.requestApproval({ incidentId: incident.id, remedyId: 'consult-refund', amount: 30000 }, ANA_ME, policy, T0);
    const approved = await ledger.markApproved(incident.id, asked.remedies[0]!.id, CARLA, policy, T0 + 10);
    expect(approved.remedies[0]?.creditNoteNumber).toBe('CN-2026-AR-0001');
  });
});

describe('the server\'s rule for numbers', () => {
  const rules = ledgerRules(codedPolicy());
  const grant = (author: string, creditNoteNumber: unknown) =>
    ledgerRecord('remedy-granted', author, { amount: 1000, creditNoteNumber });

  const year = new Date().getUTCFullYear();
  const by = (name: string) => ({ name, roles: [] });
  const check = (doc: Record<string, unknown>, name: string) => serverRefusal(doc, null, by(name), rules, Date.now(), recordRefusal, ledgerWriteRefusal);

  it('accepts a number in the author\'s own series; refuses one in someone else\'s or the firm\'s', () => {
    expect(check(grant(ANA, `CN-${year}-AR-0007`), ANA)).toBeNull();
    expect(check(grant(ANA, `CN-${year}-CM-0007`), ANA)).toBe(
      `Credit note CN-${year}-CM-0007 is not in the series of ${ANA} (CN-${year}-AR-NNNN)`,
    );
    expect(check(grant(ANA, `CN-${year}-0007`), ANA)).toMatch(/not in the series/);
  });

  it('someone without a code gives no credit note through the firm ledger', () => {
    const ben = 'ben.okafor@harborpine.example';
    expect(check(grant(ben, `CN-${year}-0007`), ben)).toBe(`${ben} has no credit-note code in the policy: IT gives every staff member one`);
    expect(check(grant(ben, undefined), ben)).toBeNull();
  });

  it('applies to the approver\'s number on an approval too', () => {
    const approval = (n: string) => ledgerRecord('approval-approved', CARLA, { requestedBy: ANA, amount: 30000, creditNoteNumber: n });
    expect(check(approval(`CN-${year}-CM-0001`), CARLA)).toBeNull();
    expect(check(approval(`CN-${year}-AR-0001`), CARLA)).toMatch(/not in the series/);
  });
});
