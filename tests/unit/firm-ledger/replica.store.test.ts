import { describe, expect, it } from 'vitest';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { ownRecords, stepRecord, asLedgerRecord } from '@/utils/firm-ledger/replica';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal, type IncomingDoc, type LedgerRules } from '@/utils/firm-ledger/rules';
import { waitingFor, currentApprovers } from '@/utils/firm-ledger/approvals';
import { freshLedger, input, ANA, CARLA } from '../ledger/helpers';
import { examplePolicy } from '../example-policy';
import { checkText, grantCheck } from '@/utils/ledger/identity';

// What a browser appends to the firm's records for each command, and what the records give back:
// the incident, the requests waiting for each approver, and the credit note series.

const policy = { ...examplePolicy(), staff: examplePolicy().staff.map((s) => ({ ...s, code: s.name.split(' ').map((w) => w[0]).join('') })) };
const DEV = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' };
const T = Date.UTC(2026, 10, 25, 15);
/** Whether the firm's server takes the record from `name` at `now`. */
const accepts = (doc: IncomingDoc, name: string, rules: LedgerRules, now: number) =>
  serverRefusal(doc, null, { name, roles: [] }, rules, now, recordRefusal, ledgerWriteRefusal);

describe('the records of local commands', () => {
  it("are the author's own, accepted by the server's rules, the same when written again, and fold back to the incident", async () => {
    const ledger = await freshLedger();
    const started = await ledger.startIncident(input(), ANA, policy, T);
    const granted = await ledger.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T + 1_000);
    const asked = await ledger.requestApproval({ incidentId: started.id, remedyId: 'consult-refund', amount: 30000, note: 'Lost a day' }, ANA, policy, T + 2_000);
    const anas = ownRecords(asked, ANA.email);
    expect(anas.map((r) => r.type)).toEqual(['incident-opened', 'remedy-granted', 'approval-requested']);
    expect(anas.find((r) => r.type === 'remedy-granted')).toMatchObject({ creditNoteNumber: granted.remedies[0]!.creditNoteNumber });
    expect(ownRecords(structuredClone(asked), ANA.email).map((r) => r._id)).toEqual(anas.map((r) => r._id));
    const rules = ledgerRules(policy);
    for (const r of anas) expect(accepts({ ...r }, ANA.email, rules, T + 3_000)).toBeNull();

    // Carla approves in her browser, where Ana's records arrived.
    const carlas = await freshLedger();
    await carlas.applyFirmIncidents([foldIncident(anas, T + 3_000)!]);
    const approved = await carlas.approveRequest(started.id, asked.remedies[1]!.id, CARLA, policy, T + 60_000);
    const carlaRecords = ownRecords(approved, CARLA.email);
    expect(carlaRecords.map((r) => r.type)).toEqual(['approval-approved']);
    expect(carlaRecords[0]).toMatchObject({ creditNoteNumber: 'CN-2026-CM-0001', requestedBy: ANA.email, identity: 'approver-signed-in' });
    expect(checkText(grantCheck(approved.remedies[1]!))).toBe('Verified: approved by the approver, signed in to the firm ledger');
    expect(accepts({ ...carlaRecords[0]! }, CARLA.email, rules, T + 61_000)).toBeNull();
    expect(foldIncident([...carlaRecords, ...anas], T + 61_000)).toEqual(approved);
  });

  it('records each tick and untick as its own event, the last one deciding', () => {
    const incident = { id: 'inc-1', clientKey: 'c@x.example' } as Parameters<typeof stepRecord>[0];
    const tick = stepRecord(incident, 'apologise', true, ANA.email, T, 'a');
    const untick = stepRecord(incident, 'apologise', false, ANA.email, T + 5, 'b');
    expect(tick._id).not.toBe(untick._id);
    expect([tick.type, untick.type]).toEqual(['step-ticked', 'step-unticked']);
  });

  it('reads only ledger records out of the replica, without revision fields', () => {
    expect(asLedgerRecord({ _id: '_design/make-it-right', type: 'x' })).toBeNull();
    expect(asLedgerRecord({ _id: 'a/opened', _rev: '1-x', type: 'incident-opened', v: 1, incidentId: 'a', author: ANA.email, at: T })).toEqual({
      _id: 'a/opened',
      type: 'incident-opened',
      v: 1,
      incidentId: 'a',
      author: ANA.email,
      at: T,
    });
  });
});

async function anaAsks(amount: number) {
  const ledger = await freshLedger();
  const started = await ledger.startIncident(input(), ANA, policy, T);
  return ledger.requestApproval({ incidentId: started.id, remedyId: 'consult-refund', amount, note: 'Lost a day of work' }, ANA, policy, T + 1_000);
}

describe('approvals waiting', () => {
  it("go to the nearest approvers first, and up a role once the policy's escalation time passes", async () => {
    const incident = await anaAsks(30000);
    const escalated = { ...policy, ledger: { url: 'https://ledger.example/firm', escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    const forCarla = waitingFor(CARLA, escalated, [incident], () => [incident], T + 2_000);
    expect(forCarla).toEqual([
      expect.objectContaining({
        clientName: 'Alice Example',
        amount: 30000,
        remedyLabel: 'Refund the consultation fee',
        requestedByName: 'Ana Ruiz',
        reason: 'Lost a day of work',
        since: T + 1_000,
        escalations: 0,
      }),
    ]);
    expect(waitingFor(DEV, escalated, [incident], () => [incident], T + 2_000)).toEqual([]);
    expect(waitingFor(ANA, escalated, [incident], () => [incident], T + 2_000)).toEqual([]);
    const later = T + 1_000 + 30 * 60_000;
    expect(waitingFor(DEV, escalated, [incident], () => [incident], later)).toEqual([expect.objectContaining({ escalations: 1 })]);
    expect(currentApprovers(escalated, incident, incident.remedies[0]!, [incident], later).approvers.map((a) => a.name)).toEqual(['Carla Meyer', 'Dev Patel']);
  });

  it('above a manager go straight to a partner', async () => {
    const incident = await anaAsks(70000);
    expect(waitingFor(CARLA, policy, [incident], () => [incident], T + 2_000)).toEqual([]);
    expect(waitingFor(DEV, policy, [incident], () => [incident], T + 2_000)).toHaveLength(1);
  });
});

describe("others' incidents arriving in this browser", () => {
  it('raise my series past the numbers already given, so a fresh browser never reuses one', async () => {
    const first = await freshLedger();
    const started = await first.startIncident(input(), ANA, policy, T);
    let latest = started;
    for (let i = 0; i < 3; i++) {
      latest = await first.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 500 }, ANA, policy, T + i + 1);
    }
    expect(latest.remedies.at(-1)!.creditNoteNumber).toBe('CN-2026-AR-0003');
    const fresh = await freshLedger();
    expect(await fresh.applyFirmIncidents([latest])).toBe(1);
    expect(await fresh.applyFirmIncidents([latest])).toBe(0);
    const next = await fresh.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 500 }, ANA, policy, T + 10);
    expect(next.remedies.at(-1)!.creditNoteNumber).toBe('CN-2026-AR-0004');
  });

  it('many at once (a first replication) land whole: each once, the client named as in its latest incident', async () => {
    const source = await freshLedger();
    const older = await source.startIncident(input('alice@client.example', 'Alice Old-Name'), CARLA, policy, T);
    const newer = await source.startIncident(input('alice@client.example', 'Alice New-Name'), CARLA, policy, T + 86_400_000);
    const other = await source.startIncident(input('bob@client.example', 'Bob Other'), CARLA, policy, T + 1_000);
    const granted = await source.grantRemedy({ incidentId: older.id, remedyId: 'courier-credit', amount: 500 }, CARLA, policy, T + 2_000);
    const fresh = await freshLedger();
    // The newer incident first: the client's name must still come from it, not from the order given.
    expect(await fresh.applyFirmIncidents([newer, granted, other])).toBe(3);
    expect(await fresh.applyFirmIncidents([newer, granted, other])).toBe(0);
    expect((await fresh.getIncident(older.id))?.remedies).toHaveLength(1);
    expect((await fresh.listIncidents({ limit: 10 })).incidents.map((i) => i.id).sort()).toEqual([older.id, newer.id, other.id].sort());
    expect((await fresh.searchClients('alice')).map((c) => c.name)).toEqual(['Alice New-Name']);
    expect((await fresh.searchClients('bob')).map((c) => c.name)).toEqual(['Bob Other']);
  });

  it('a page of them read back in one request (ids between the first and the last) changes exactly what one read each would', async () => {
    const source = await freshLedger();
    const incidents = [];
    for (let i = 0; i < 6; i++) incidents.push(await source.startIncident(input(`c${i}@client.example`, `Client ${i}`), CARLA, policy, T + i));
    const byId = [...incidents].sort((a, b) => (a.id < b.id ? -1 : 1));
    const [kept, , between, , changed] = byId;
    const fresh = await freshLedger();
    // Held already: one alike, one that differs, and one between them that the page does not name.
    await fresh.applyFirmIncidents([kept!, between!, { ...changed!, summary: 'Older words' }]);
    const page = byId.filter((i) => i !== between);
    expect(await fresh.applyFirmIncidents(page, 'span')).toBe(4);
    expect(await fresh.applyFirmIncidents(page, 'span')).toBe(0);
    expect((await fresh.getIncident(changed!.id))?.summary).toBe(changed!.summary);
    expect(await fresh.heldIncidents(page.map((i) => i.id), 'span')).toEqual(new Map(page.map((i) => [i.id, i])));
    expect((await fresh.listIncidents({ limit: 10 })).incidents).toHaveLength(6);
  });

  it('a decline needs a reason, and is never the requester answering themselves', async () => {
    const incident = await anaAsks(30000);
    const ledger = await freshLedger();
    await ledger.applyFirmIncidents([incident]);
    const requestId = incident.remedies[0]!.id;
    await expect(ledger.declineRequest(incident.id, requestId, '  ', CARLA, T + 5)).rejects.toThrow('Say why you decline');
    await expect(ledger.declineRequest(incident.id, requestId, 'No', ANA, T + 5)).rejects.toThrow('their own request');
    const declined = await ledger.declineRequest(incident.id, requestId, 'Refunded once this year already', CARLA, T + 5_000);
    expect(declined.remedies[0]).toMatchObject({ status: 'declined', declinedBy: CARLA.email, declineReason: 'Refunded once this year already' });
    const records = ownRecords(declined, CARLA.email);
    expect(records).toEqual([expect.objectContaining({ type: 'approval-declined', reason: 'Refunded once this year already', author: CARLA.email })]);
    expect(foldIncident([...ownRecords(incident, ANA.email), ...records], T + 120_000)).toEqual(declined);
  });
});

describe('the Approvals tab', () => {
  it("shows the policy's words for a remedy, not the label a record carries", async () => {
    const ledger = await freshLedger();
    const started = await ledger.startIncident(input(), ANA, policy, T);
    const asked = await ledger.requestApproval({ incidentId: started.id, remedyId: 'consult-refund', amount: 30000 }, ANA, policy, T + 1_000);
    const relabelled = { ...asked, remedies: asked.remedies.map((r) => ({ ...r, label: 'Courier credit (pre-approved by Dev Patel)' })) };
    const [waiting] = waitingFor(CARLA, policy, [relabelled], () => [relabelled], T + 2_000);
    expect(waiting?.remedyLabel).toBe(policy.remedies.find((r) => r.id === 'consult-refund')!.label);
  });
});
