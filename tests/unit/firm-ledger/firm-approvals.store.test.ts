import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makeFirmApprovals } from '@/entrypoints/background/firm-approvals';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';
import { ANA, CARLA, freshLedger, input } from '../ledger/helpers';

// The approvals service with fakes around it (a ledger on fake-indexeddb, WXT's fakeBrowser for
// notifications): what waits for an approver, a notification per request and per answer, each once.

const policy = examplePolicy();
const T = Date.UTC(2026, 11, 7, 15);
const DEV: Me = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' };

async function setUp(away: ApproverAway[] = []) {
  const ledger = await freshLedger();
  let now = T;
  const approvals = makeFirmApprovals({ ledger: async () => ledger, away: async () => away, now: () => now });
  const incident = await ledger.startIncident(input(), ANA, policy, T - 60_000);
  const asked = await ledger.requestApproval({ incidentId: incident.id, remedyId: 'consult-refund', amount: 40_000, note: 'The partner missed the call' }, ANA, policy, T - 30_000);
  return { ledger, approvals, asked, later: (ms: number) => (now += ms) };
}

const shown = async () => Object.values(await fakeBrowser.notifications.getAll()) as { title: string; message: string }[];

describe('approvals and their notifications', () => {
  it("lists Ana's request for Carla, notifies her once however often the worker wakes, and not Ana", async () => {
    const { approvals, asked } = await setUp();
    const waiting = await approvals.waiting({ me: CARLA, policy });
    expect(waiting.map((w) => [w.requestedByName, w.amount, w.clientName])).toEqual([['Ana Ruiz', 40_000, 'Alice Example']]);
    expect(waiting[0]!.requestId).toBe(asked.remedies[0]!.id);
    expect(await approvals.waiting({ me: ANA, policy })).toEqual([]);

    await approvals.notifyWaiting({ me: CARLA, policy });
    await approvals.notifyWaiting({ me: CARLA, policy });
    const notes = await shown();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toContain('Alice Example');
    expect(notes[0]!.message).toContain('Ana Ruiz');
    expect(notes[0]!.message).toContain('The partner missed the call');
  });

  it('tells Dev when the request reaches him after the escalation time, once, and says it was escalated', async () => {
    const { approvals, later } = await setUp();
    await approvals.notifyWaiting({ me: DEV, policy });
    expect(await shown()).toEqual([]);
    later((policy.ledger?.escalateAfterMinutes ?? 30) * 60_000 + 1);
    await approvals.notifyWaiting({ me: DEV, policy });
    await approvals.notifyWaiting({ me: DEV, policy });
    const notes = await shown();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toContain("not answered in time, now with you too");
  });

  it("tells Ana that Carla approved her request, with the credit note, once; a colleague's answer to another's request, not", async () => {
    const { ledger, approvals, asked } = await setUp();
    const request = asked.remedies[0]!;
    const approved: Incident = await ledger.approveRequest(asked.id, request.id, CARLA, policy, T);
    const answer = {
      _id: `${asked.id}/answer/${request.id}`,
      type: 'approval-approved' as const,
      v: 2 as const,
      incidentId: asked.id,
      clientKey: asked.clientKey,
      author: CARLA.email,
      at: T,
      requestId: request.id,
      requestedBy: ANA.email,
      remedyId: request.remedyId,
      kind: request.kind,
      amount: request.amount,
      currency: request.currency,
    };
    await approvals.notifyArrivals({ me: DEV, policy }, [answer], [approved]);
    expect(await shown()).toEqual([]);
    await approvals.notifyArrivals({ me: ANA, policy }, [answer], [approved]);
    await approvals.notifyArrivals({ me: ANA, policy }, [answer], [approved]);
    const notes = await shown();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toContain('Carla Meyer');
    expect(notes[0]!.message).toContain(approved.remedies[0]!.creditNoteNumber!);
  });

  it('says nothing of records a day old: history catching up is not news', async () => {
    const { approvals, later } = await setUp();
    later(25 * 60 * 60_000);
    await approvals.notifyWaiting({ me: CARLA, policy });
    expect(await shown()).toEqual([]);
  });
});
