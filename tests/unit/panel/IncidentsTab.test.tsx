import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentsTab } from '@/components/panel/IncidentsTab';
import type { IncidentFilter } from '@/utils/ledger/types';
import { NOW, testGrant, testIncident, testPolicy } from './fixtures';
import { answerMessages, choose, click, getByLabel, getByRole, mount, queryByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', () => ({ sendMessage: vi.fn() }));

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
    resolveIncident: ({ incidentId }: { incidentId: string }) => ({ ...open, id: incidentId, status: 'resolved' }),
  });
}

async function renderTab() {
  const onOpen = vi.fn();
  const onChanged = vi.fn();
  const el = await mount(
    <IncidentsTab policy={testPolicy()} client={null} revision={0} onOpen={onOpen} onChanged={onChanged} />,
  );
  return { el, onOpen, onChanged };
}

const items = (el: HTMLElement) => [...el.querySelectorAll('.incident-item')];

describe('Incidents tab', () => {
  let messages: ReturnType<typeof answerList>;
  beforeEach(() => {
    messages = answerList();
  });

  it('lists open incidents first, with client, category, progress and what was given', async () => {
    const { el } = await renderTab();
    expect(messages.of('listIncidents')).toEqual([{ status: 'open', limit: 20 }]);
    expect(items(el)).toHaveLength(2);
    expect(textOf(items(el)[0]!)).toContain('Alice Moreau');
    expect(textOf(items(el)[0]!)).toContain('Documents sent the wrong way');
    expect(textOf(items(el)[0]!)).toContain('0 of 4 steps · $20.00 given');
    expect(textOf(items(el)[1]!)).toContain('Bob Lee');
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

  it('resolves an incident and opens one in the client view', async () => {
    const { el, onChanged, onOpen } = await renderTab();
    const status = getByRole(el, 'status');
    expect(textOf(status)).toBe('');
    await click(getByRole(items(el)[1] as HTMLElement, 'button', 'Resolve'));
    expect(messages.of('resolveIncident')).toEqual([{ incidentId: 'inc-2' }]);
    expect(getByRole(el, 'status')).toBe(status);
    expect(textOf(status)).toBe('Resolved: Bob Lee, Advice on the loan was wrong.');
    // The Resolve button leaves with the incident; the keyboard continues from the outcome.
    expect(document.activeElement).toBe(status);
    expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: 'inc-2', status: 'resolved' }));
    await click(getByRole(items(el)[0] as HTMLElement, 'button', 'Open'));
    expect(onOpen).toHaveBeenCalledWith(open);
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
