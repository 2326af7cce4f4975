import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentsTab } from '@/components/panel/IncidentsTab';
import type { IncidentFilter } from '@/utils/ledger/types';
import { NOW, testGrant, testIncident, testPolicy } from './fixtures';
import { answerMessages, choose, click, getByLabel, getByRole, mount, queryByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const open = testIncident({ remedies: [testGrant()] });
const bob = testIncident({
  id: 'inc-2',
  clientKey: 'bob@client.example',
  clientName: 'Bob Lee',
  category: 'advice-complaint',
  summary: 'Advice on the loan was wrong',
  createdAt: NOW - 3 * 86_400_000,
});
const resolved = testIncident({ id: 'inc-3', status: 'resolved', createdAt: NOW - 9 * 86_400_000 });

function answerList() {
  return answerMessages({
    listIncidents: (filter: IncidentFilter) => ({
      incidents: [open, bob, resolved].filter(
        (i) => (!filter.status || i.status === filter.status) && (!filter.clientKey || i.clientKey === filter.clientKey),
      ),
      next: null,
    }),
    resolveIncident: ({ incidentId }: { incidentId: string }) => ({ ...bob, id: incidentId, status: 'resolved' }),
    reopenIncident: ({ incidentId }: { incidentId: string }) => ({ ...bob, id: incidentId, status: 'open' }),
  });
}

async function renderTab() {
  const onOpen = vi.fn();
  const onChanged = vi.fn();
  const el = await mount(
    <IncidentsTab policy={testPolicy()} now={NOW} client={null} revision={0} onOpen={onOpen} onChanged={onChanged} />,
  );
  return { el, onOpen, onChanged };
}

const items = (el: HTMLElement) => [...el.querySelectorAll('.incident-item')];

describe('Incidents tab', () => {
  let messages: ReturnType<typeof answerList>;
  beforeEach(() => {
    messages = answerList();
  });

  it('lists open incidents by what falls due first, with client, category, progress, overdue steps and what was given', async () => {
    const { el } = await renderTab();
    expect(messages.of('listIncidents')).toEqual([{ status: 'open', limit: 20 }]);
    expect(items(el)).toHaveLength(2);
    // Bob's incident started three days ago: its steps are overdue, so it comes first.
    expect(textOf(items(el)[0]!)).toContain('Bob Lee');
    expect(textOf(items(el)[0]!)).toContain('3 steps overdue: Acknowledge the mistake plainly (overdue by 3 d); Apologize personally (overdue by 2 d); Follow up the next day (overdue by 2 d)');
    expect(textOf(items(el)[1]!)).toContain('Alice Moreau');
    expect(textOf(items(el)[1]!)).toContain('Documents sent the wrong way');
    expect(textOf(items(el)[1]!)).toContain('0 of 4 steps · $20.00 given');
    expect(textOf(items(el)[1]!)).toContain('1 step overdue: Acknowledge the mistake plainly (overdue by 20 min)');
    expect(textOf(items(el)[1]!)).toContain('Next: Apologize personally, due in 40 min');
  });

  it('shows a request waiting for approval on the incident', async () => {
    const waiting = testIncident({
      remedies: [testGrant({ id: 'p1', remedyId: 'consult-refund', label: 'Refund the consultation fee', amount: 50000, status: 'pending', decision: 'needs-approval', grantedAt: undefined, creditNoteNumber: undefined })],
    });
    answerMessages({ listIncidents: () => ({ incidents: [waiting], next: null }) });
    const { el } = await renderTab();
    expect(textOf(items(el)[0]!)).toContain('$500.00 waiting for approval: Refund the consultation fee');
  });

  it('filters by status and by client', async () => {
    const { el } = await renderTab();
    await choose(getByLabel<HTMLSelectElement>(el, 'Status'), 'resolved');
    expect(items(el).map(textOf).join()).toContain('resolved');
    expect(items(el)).toHaveLength(1);
    await choose(getByLabel<HTMLSelectElement>(el, 'Status'), 'all');
    expect(items(el)).toHaveLength(3);
    await choose(getByLabel<HTMLSelectElement>(el, 'Client'), 'bob@client.example');
    expect(messages.of('listIncidents').at(-1)).toEqual({ clientKey: 'bob@client.example', limit: 20 });
    expect(items(el).map((i) => textOf(i.querySelector('strong')!))).toEqual(['Bob Lee']);
  });

  it('resolves an incident only after listing what is still open, offers Undo, and opens one in the client view', async () => {
    const { el, onChanged, onOpen } = await renderTab();
    const status = getByRole(el, 'status');
    expect(textOf(status)).toBe('');
    const bobItem = () => items(el)[0] as HTMLElement;
    await click(getByRole(bobItem(), 'button', 'Resolve'));
    // Nothing resolved yet: the steps still open are listed first.
    expect(messages.of('resolveIncident')).toEqual([]);
    const confirm = getByRole(bobItem(), 'group', 'Still open in this incident:');
    expect(textOf(confirm)).toContain('Acknowledge the mistake plainly (overdue by 3 d)');
    expect(textOf(confirm)).toContain('Record what was given');
    expect(document.activeElement).toBe(getByRole(confirm, 'button', 'Resolve anyway'));
    await click(getByRole(confirm, 'button', 'Keep open'));
    expect(queryByRole(bobItem(), 'group', 'Still open in this incident:')).toBeNull();
    await click(getByRole(bobItem(), 'button', 'Resolve'));
    await click(getByRole(bobItem(), 'button', 'Resolve anyway'));
    expect(messages.of('resolveIncident')).toEqual([{ incidentId: 'inc-2' }]);
    expect(getByRole(el, 'status')).toBe(status);
    expect(textOf(status)).toBe('Resolved: Bob Lee, Advice on the loan was wrong.');
    // The Resolve button leaves with the incident; the keyboard continues from the outcome.
    expect(document.activeElement).toBe(status);
    expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: 'inc-2', status: 'resolved' }));
    await click(getByRole(el, 'button', 'Undo'));
    expect(messages.of('reopenIncident')).toEqual([{ incidentId: 'inc-2' }]);
    expect(onChanged).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'inc-2', status: 'open' }));
    expect(textOf(status)).toBe('Open again: Bob Lee, Advice on the loan was wrong.');
    await click(getByRole(items(el)[1] as HTMLElement, 'button', 'Open'));
    expect(onOpen).toHaveBeenCalledWith(open);
  });

  it('resolves at once when nothing is left open, and reopens a resolved incident', async () => {
    const finished = testIncident({ id: 'inc-4', checklist: testIncident().checklist.map((s) => ({ ...s, doneAt: NOW - 1 })) });
    const calls = answerMessages({
      listIncidents: (filter: IncidentFilter) => ({ incidents: filter.status === 'resolved' ? [resolved] : [finished], next: null }),
      resolveIncident: () => ({ ...finished, status: 'resolved' }),
      reopenIncident: () => ({ ...resolved, status: 'open' }),
    });
    const { el } = await renderTab();
    await click(getByRole(el, 'button', 'Resolve'));
    expect(calls.of('resolveIncident')).toEqual([{ incidentId: 'inc-4' }]);
    await choose(getByLabel<HTMLSelectElement>(el, 'Status'), 'resolved');
    await click(getByRole(items(el)[0] as HTMLElement, 'button', 'Reopen'));
    expect(calls.of('reopenIncident')).toEqual([{ incidentId: 'inc-3' }]);
  });

  it('says why an incident could not be resolved', async () => {
    answerMessages({
      listIncidents: () => ({ incidents: [bob], next: null }),
      resolveIncident: () => {
        throw new Error('The database is closed');
      },
    });
    const { el, onChanged } = await renderTab();
    const alert = getByRole(el, 'alert');
    expect(textOf(alert)).toBe('');
    await click(getByRole(el, 'button', 'Resolve'));
    await click(getByRole(el, 'button', 'Resolve anyway'));
    expect(getByRole(el, 'alert')).toBe(alert);
    expect(textOf(alert)).toBe('The database is closed');
    expect(textOf(getByRole(el, 'status'))).toBe('');
    expect(onChanged).not.toHaveBeenCalled();
    expect(queryByRole(el, 'button', 'Resolve')).not.toBeNull();
  });

  it('loads the next page on "Show more"', async () => {
    messages = answerMessages({
      listIncidents: (filter: IncidentFilter) =>
        filter.before === undefined ? { incidents: [open], next: open.createdAt } : { incidents: [bob], next: null },
    });
    const { el } = await renderTab();
    await click(getByRole(el, 'button', 'Show more'));
    expect(messages.of('listIncidents').at(-1)).toEqual({ status: 'open', before: open.createdAt, limit: 20 });
    expect(items(el)).toHaveLength(2);
  });
});
