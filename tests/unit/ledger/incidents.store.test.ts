import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../example-policy';
import { ANA, BEN, freshLedger, input } from './helpers';

const T0 = Date.UTC(2026, 10, 25, 14, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('starting and working an incident', () => {
  it('records who, when, what and the checklist with due times from the policy', async () => {
    const ledger = await freshLedger();
    const incident = await ledger.startIncident(input(), ANA, examplePolicy(), T0);
    expect(incident).toMatchObject({
      clientKey: 'alice@client.example',
      clientName: 'Alice Example',
      clientEmail: 'alice@client.example',
      category: 'shipping-error',
      createdBy: ANA.email,
      createdByRole: 'front-desk',
      createdAt: T0,
      status: 'open',
      remedies: [],
      policyVersion: '2026-11-01',
    });
    expect(incident.checklist.map((s) => [s.stepId, s.dueAt])).toEqual([
      ['acknowledge', T0],
      ['apologize', T0 + 60 * MIN],
      ['correct', T0 + DAY],
      ['make-up', T0 + 60 * MIN],
      ['follow-up', T0 + DAY],
      ['record', undefined],
    ]);
    expect(await ledger.getIncident(incident.id)).toEqual(incident);
  });

  it('refuses a category the policy does not have', async () => {
    const ledger = await freshLedger();
    await expect(ledger.startIncident(input(undefined, undefined, { category: 'spaceship' }), ANA, examplePolicy(), T0))
      .rejects.toThrow('"spaceship" is not a category in the firm\'s policy');
  });

  it('ticks and unticks steps with who and when', async () => {
    const ledger = await freshLedger();
    const { id } = await ledger.startIncident(input(), ANA, examplePolicy(), T0);
    const ticked = await ledger.tickStep(id, 'apologize', true, BEN, T0 + 5 * MIN);
    expect(ticked.checklist.find((s) => s.stepId === 'apologize')).toMatchObject({ doneAt: T0 + 5 * MIN, doneBy: BEN.email });
    const unticked = await ledger.tickStep(id, 'apologize', false, BEN, T0 + 6 * MIN);
    expect(unticked.checklist.find((s) => s.stepId === 'apologize')?.doneAt).toBeUndefined();
    expect((await ledger.getIncident(id))?.updatedAt).toBe(T0 + 6 * MIN);
    await expect(ledger.tickStep(id, 'dance', true, BEN, T0)).rejects.toThrow('not on the incident\'s checklist');
    await expect(ledger.tickStep('nope', 'apologize', true, BEN, T0)).rejects.toThrow('not in the ledger');
  });

  it('resolves an incident once', async () => {
    const ledger = await freshLedger();
    const { id } = await ledger.startIncident(input(), ANA, examplePolicy(), T0);
    const resolved = await ledger.resolveIncident(id, ANA, T0 + DAY);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: T0 + DAY, resolvedBy: ANA.email });
    await expect(ledger.resolveIncident(id, ANA, T0 + DAY)).rejects.toThrow('already resolved');
    expect(await ledger.openIncidents()).toEqual([]);
  });

  it('reopens a resolved incident with its steps and grants, once', async () => {
    const ledger = await freshLedger();
    const { id } = await ledger.startIncident(input(), ANA, examplePolicy(), T0);
    await ledger.tickStep(id, 'acknowledge', true, ANA, T0 + 1);
    await ledger.resolveIncident(id, ANA, T0 + DAY);
    const reopened = await ledger.reopenIncident(id, T0 + DAY + 1);
    expect(reopened.status).toBe('open');
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.resolvedBy).toBeUndefined();
    expect(reopened.checklist.find((s) => s.stepId === 'acknowledge')?.doneAt).toBe(T0 + 1);
    expect((await ledger.openIncidents()).map((i) => i.id)).toEqual([id]);
    await expect(ledger.reopenIncident(id, T0 + DAY + 2)).rejects.toThrow('already open');
  });

  it('answers null for an unknown incident', async () => {
    const ledger = await freshLedger();
    expect(await ledger.getIncident('missing')).toBeNull();
  });
});

describe('queries', () => {
  it('gives a client\'s history newest first with what they had in the last 365 days', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const old = await ledger.startIncident(input(), ANA, policy, T0 - 400 * DAY);
    await ledger.grantRemedy({ incidentId: old.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0 - 400 * DAY);
    const recent = await ledger.startIncident(input(), ANA, policy, T0 - DAY);
    await ledger.grantRemedy({ incidentId: recent.id, remedyId: 'courier-credit', amount: 1500 }, ANA, policy, T0 - DAY);
    await ledger.startIncident(input('bob@client.example', 'Bob'), ANA, policy, T0);

    const history = await ledger.clientHistory('alice@client.example', T0);
    expect(history.incidents.map((i) => i.id)).toEqual([recent.id, old.id]);
    expect(history.givenLast365).toBe(1500);
    // The old incident is open too: the history has it in full, its steps to follow up with it.
    expect(history.openIncidents.map((i) => i.id)).toEqual([recent.id, old.id]);
    expect((await ledger.clientHistory('nobody@client.example', T0)).incidents).toEqual([]);
  });

  it('pages the incident list newest first without skipping incidents created in the same millisecond', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const times = [T0, T0 + 1, T0 + 1, T0 + 1, T0 + 2, T0 + 3, T0 + 4];
    for (const at of times) await ledger.startIncident(input(), ANA, policy, at);
    const seen: number[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await ledger.listIncidents({ limit: 2, ...(before === undefined ? {} : { before }) });
      seen.push(...page.incidents.map((i) => i.createdAt));
      pages += 1;
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual([...times].reverse());
    expect(pages).toBe(3);
  });

  it('filters the list by status and by client', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const a1 = await ledger.startIncident(input(), ANA, policy, T0);
    const b1 = await ledger.startIncident(input('bob@client.example', 'Bob'), ANA, policy, T0 + 1);
    const a2 = await ledger.startIncident(input(), ANA, policy, T0 + 2);
    await ledger.resolveIncident(a1.id, ANA, T0 + 3);
    const ids = async (filter: Parameters<typeof ledger.listIncidents>[0]) =>
      (await ledger.listIncidents(filter)).incidents.map((i) => i.id);
    expect(await ids({ status: 'open' })).toEqual([a2.id, b1.id]);
    expect(await ids({ status: 'resolved' })).toEqual([a1.id]);
    expect(await ids({ clientKey: 'alice@client.example' })).toEqual([a2.id, a1.id]);
    expect(await ids({ clientKey: 'alice@client.example', status: 'open' })).toEqual([a2.id]);
    expect(await ids({ clientKey: 'alice@client.example', before: T0 + 2 })).toEqual([a1.id]);
    expect((await ledger.openIncidents()).map((i) => i.id)).toEqual([a2.id, b1.id]);
    expect(await ledger.openIncidentCount('alice@client.example')).toBe(1);
    expect(await ledger.openIncidentCount('bob@client.example')).toBe(1);
    expect(await ledger.openIncidentCount('nobody@client.example')).toBe(0);
  });

  it('lists overdue steps and the next one to fall due', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const a = await ledger.startIncident(input(), ANA, policy, T0);
    await ledger.tickStep(a.id, 'acknowledge', true, ANA, T0);
    expect(await ledger.overdueSteps(T0)).toEqual([]);
    expect(await ledger.nextDueStep(T0)).toMatchObject({ incidentId: a.id, stepId: 'apologize', dueAt: T0 + 60 * MIN });

    const overdue = await ledger.overdueSteps(T0 + 60 * MIN);
    expect(overdue.map((s) => s.stepId)).toEqual(['apologize', 'make-up']);
    expect(overdue[0]).toMatchObject({ clientName: 'Alice Example', label: 'Apologize personally' });
    expect(await ledger.nextDueStep(T0 + 60 * MIN)).toMatchObject({ stepId: 'correct', dueAt: T0 + DAY });

    await ledger.resolveIncident(a.id, ANA, T0 + 61 * MIN);
    expect(await ledger.overdueSteps(T0 + 2 * DAY)).toEqual([]);
    expect(await ledger.nextDueStep(T0)).toBeNull();
  });

  it('sums up the year: incidents by category, amounts by role, median minutes to the first remedy', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const a = await ledger.startIncident(input(), ANA, policy, T0);
    await ledger.grantRemedy({ incidentId: a.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0 + 10 * MIN);
    await ledger.grantRemedy({ incidentId: a.id, remedyId: 'apology', amount: 0 }, ANA, policy, T0 + 20 * MIN);
    const b = await ledger.startIncident(input('bob@client.example', 'Bob', { category: 'billing-error' }), BEN, policy, T0);
    await ledger.grantRemedy({ incidentId: b.id, remedyId: 'courier-credit', amount: 9000 }, BEN, policy, T0 + 30 * MIN);
    const c = await ledger.startIncident(input('cy@client.example', 'Cy', { category: 'billing-error' }), BEN, policy, T0);
    await ledger.grantRemedy({ incidentId: c.id, remedyId: 'courier-credit', amount: 100 }, BEN, policy, T0 + 60 * MIN);
    await ledger.startIncident(input('dee@client.example', 'Dee'), BEN, policy, T0 - 366 * DAY);

    expect(await ledger.summary(T0 + DAY)).toEqual({
      incidents: 3,
      open: 3,
      byCategory: { 'shipping-error': 1, 'billing-error': 2 },
      givenByRole: { 'front-desk': 2000, staff: 9100 },
      medianMinutesToFirstRemedy: 30,
    });
    expect((await (await freshLedger()).summary(T0)).medianMinutesToFirstRemedy).toBeNull();
  });

  it('finds distinct clients by email prefix and by the start of any word of their name', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    await ledger.startIncident(input('alice@client.example', 'Alice Example'), ANA, policy, T0);
    await ledger.startIncident(input('alice@client.example', 'Alice Example'), ANA, policy, T0 + 1);
    await ledger.startIncident(input('bob@client.example', 'Robert Alison'), ANA, policy, T0 + 2);
    await ledger.startIncident(input('carol@client.example', 'Carol Smith'), ANA, policy, T0 + 3);

    expect(await ledger.searchClients('ALI')).toEqual([
      { clientKey: 'alice@client.example', name: 'Alice Example', email: 'alice@client.example' },
      { clientKey: 'bob@client.example', name: 'Robert Alison', email: 'bob@client.example' },
    ]);
    expect((await ledger.searchClients('smi')).map((c) => c.clientKey)).toEqual(['carol@client.example']);
    expect(await ledger.searchClients('  ')).toEqual([]);
    expect(await ledger.searchClients('zed')).toEqual([]);
    expect(await ledger.searchClients('a', 1)).toHaveLength(1);
  });

  it('finds CRM clients by their key and shows the name the latest incident used', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const crm = (name: string) => ({
      client: { clientKey: 'hubspot:5012', name, source: { tool: 'hubspot' as const, label: 'HubSpot' } },
      category: 'billing-error',
      summary: 'Invoice sent twice',
    });
    await ledger.startIncident(crm('Dupont SARL'), ANA, policy, T0);
    await ledger.startIncident(crm('Dupont & Fils SARL'), ANA, policy, T0 + 1);
    expect(await ledger.searchClients('hubspot:50')).toEqual([{ clientKey: 'hubspot:5012', name: 'Dupont & Fils SARL' }]);
    expect(await ledger.searchClients('fils')).toEqual([{ clientKey: 'hubspot:5012', name: 'Dupont & Fils SARL' }]);
  });
});
