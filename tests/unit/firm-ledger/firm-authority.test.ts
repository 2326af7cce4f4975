import { describe, expect, it } from 'vitest';
import { decideAuthority } from '@/utils/authority';
import { firmGrants, replicaFreshness, REPLICA_STALE_AFTER_MS } from '@/utils/firm-ledger/firm-authority';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { CLIENT, DAY, NOW, incident as incidentOf, remedy } from '../authority/incidents';
import { examplePolicy } from '../example-policy';
import { ANA, BEN, CARLA } from './records';

// The whole firm's grants to one client, as the replica holds them: who gave what and when, and the
// grants that broke a cap the server cannot check one record at a time (two people each giving a
// client their whole yearly cap while offline), flagged the same way in every browser.

const DANA = 'dana.lee@harborpine.example';

function firmPolicy(): Policy {
  const policy = examplePolicy();
  policy.staff.push({ email: DANA, name: 'Dana Lee', role: 'front-desk' });
  return policy;
}

function grant(by: string, role: string, amount: number, at: number, extra: Partial<GrantedRemedy> = {}): GrantedRemedy {
  return remedy(amount, { requestedBy: by, requestedByRole: role, requestedAt: at, grantedAt: at, ...extra });
}

function incident(id: string, remedies: GrantedRemedy[], clientKey = CLIENT): Incident {
  return incidentOf(id, remedies, { clientKey });
}

describe('firmGrants', () => {
  it('lists everyone\'s grants to the client, newest first, with who gave them', () => {
    const policy = firmPolicy();
    const lines = firmGrants(
      [
        incident('i1', [grant(ANA, 'front-desk', 2000, NOW - 5 * DAY)]),
        incident('i2', [grant(BEN, 'staff', 8000, NOW - 2 * DAY)]),
        incident('other', [grant(ANA, 'front-desk', 2000, NOW - DAY)], 'someone@else.example'),
      ],
      CLIENT, policy, NOW,
    );
    expect(lines.map((l) => [l.byName, l.value, l.at, l.overFirmCap])).toEqual([
      ['Ben Okafor', 8000, NOW - 2 * DAY, null],
      ['Ana Ruiz', 2000, NOW - 5 * DAY, null],
    ]);
  });

  it('two front-desk people each giving the client a whole yearly cap offline: the grants past the cap are flagged, in any order', () => {
    const policy = firmPolicy();
    const anas = [1, 2, 3, 4].map((d) => incident(`a${d}`, [grant(ANA, 'front-desk', 2500, NOW - 20 * DAY + d * 1000)]));
    const danas = [1, 2, 3, 4].map((d) => incident(`d${d}`, [grant(DANA, 'front-desk', 2500, NOW - 10 * DAY + d * 1000)]));
    const flagged = (list: Incident[]) =>
      firmGrants(list, CLIENT, policy, NOW).filter((l) => l.overFirmCap).map((l) => [l.byName, l.overFirmCap]);
    expect(flagged([...anas, ...danas])).toEqual([
      ['Dana Lee', 'per-client-year'],
      ['Dana Lee', 'per-client-year'],
      ['Dana Lee', 'per-client-year'],
      ['Dana Lee', 'per-client-year'],
    ]);
    expect(flagged([...danas].reverse().concat(anas))).toEqual(flagged([...anas, ...danas]));
    // And the room left for the front desk is none, whoever asks next.
    const decision = decideAuthority(policy, 'front-desk', [...anas, ...danas], { clientKey: CLIENT, remedyId: 'courier-credit', amount: 100 }, NOW);
    expect(decision.allowed).toBe(false);
    expect(decision.perClientYear.remainingBefore).toBe(0);
  });

  it('two grants in one incident that each fit but together break the per-incident limit: the later is flagged', () => {
    const lines = firmGrants(
      [incident('i1', [grant(ANA, 'front-desk', 2000, NOW - 60_000), grant(DANA, 'front-desk', 2000, NOW - 30_000)])],
      CLIENT, firmPolicy(), NOW,
    );
    expect(lines.map((l) => [l.byName, l.overFirmCap])).toEqual([
      ['Dana Lee', 'per-incident'],
      ['Ana Ruiz', null],
    ]);
  });

  it('an approved grant is the approver\'s, counted against the approver\'s caps', () => {
    const approved = grant(ANA, 'front-desk', 30000, NOW - DAY, { decision: 'approved', approvedBy: CARLA, creditNoteNumber: 'CN-2026-0001' });
    const [line] = firmGrants([incident('i1', [approved])], CLIENT, firmPolicy(), NOW);
    expect(line).toMatchObject({ by: CARLA, byName: 'Carla Meyer', requestedBy: ANA, value: 30000, creditNoteNumber: 'CN-2026-0001', overFirmCap: null });
  });

  it('a grant by someone whose role the policy no longer has is flagged; pending requests and apologies are not money given', () => {
    const lines = firmGrants(
      [incident('i1', [
        grant('gone@harborpine.example', 'intern', 500, NOW - 3000),
        grant(ANA, 'front-desk', 90000, NOW - 2000, { status: 'pending', decision: 'needs-approval' }),
        grant(ANA, 'front-desk', 0, NOW - 1000, { kind: 'apology', remedyId: 'apology', label: 'Apology' }),
      ])],
      CLIENT, firmPolicy(), NOW,
    );
    expect(lines.map((l) => [l.remedyId, l.value, l.overFirmCap])).toEqual([
      ['apology', 0, null],
      ['courier-credit', 500, 'per-client-year'],
    ]);
  });

  it('grants older than 365 days are not listed, but count for the flags of grants within a year of them', () => {
    const old = incident('old', [1, 2, 3, 4].map((n) => grant(ANA, 'front-desk', 2500, NOW - 370 * DAY + n)));
    const lines = firmGrants([old, incident('new', [grant(ANA, 'front-desk', 2500, NOW - 100 * DAY)])], CLIENT, firmPolicy(), NOW);
    expect(lines.map((l) => [l.incidentId, l.overFirmCap])).toEqual([['new', 'per-client-year']]);
    // More than a year apart, they no longer count against each other.
    const later = firmGrants([old, incident('new', [grant(ANA, 'front-desk', 2500, NOW - DAY)])], CLIENT, firmPolicy(), NOW);
    expect(later.map((l) => [l.incidentId, l.overFirmCap])).toEqual([['new', null]]);
  });
});

describe('replicaFreshness', () => {
  it('is current while online and recently synced; "as of" the last sync otherwise', () => {
    expect(replicaFreshness(NOW - 60_000, true, NOW)).toEqual({ stale: false, asOf: NOW - 60_000 });
    expect(replicaFreshness(NOW - REPLICA_STALE_AFTER_MS - 1, true, NOW)).toEqual({ stale: true, asOf: NOW - REPLICA_STALE_AFTER_MS - 1 });
    expect(replicaFreshness(NOW - 1000, false, NOW)).toEqual({ stale: true, asOf: NOW - 1000 });
    expect(replicaFreshness(null, true, NOW)).toEqual({ stale: true, asOf: null });
  });
});
