import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientHeader } from '@/components/panel/ClientHeader';
import type { PanelClient } from '@/components/panel/panel-client';
import type { ClientHistory } from '@/utils/ledger/types';
import { CLIENT_KEY, NOW, testGrant, testHistory, testIncident, testPolicy } from './fixtures';
import { answerMessages, click, getByLabel, getByRole, mount, queryByRole, settle, textOf, type } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const detected: PanelClient = {
  clientKey: CLIENT_KEY,
  name: 'Alice Moreau',
  email: CLIENT_KEY,
  source: { tool: 'gmail', label: 'Gmail' },
  pageKind: 'thread',
  picked: false,
};

function renderHeader(client: PanelClient | null, history: ClientHistory | null = null, currentId: string | null = null) {
  const onPick = vi.fn();
  const onClear = vi.fn();
  return mount(
    <ClientHeader client={client} history={history} policy={testPolicy()} currentId={currentId} now={NOW} onPick={onPick} onClear={onClear} />,
  ).then((el) => ({ el, onPick, onClear }));
}

describe('Client header', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it('shows who the client is, where they were found, and their history, the incident on screen aside', async () => {
    const history = testHistory([
      testIncident({ id: 'a', status: 'open', createdAt: NOW - 60_000 }),
      testIncident({ id: 'b', status: 'resolved', category: 'missed-appointment', createdAt: NOW - 40 * 86_400_000, remedies: [testGrant({ amount: 5000 })] }),
    ]);
    const { el } = await renderHeader(detected, history, 'a');
    const region = getByRole(el, 'region', 'Client');
    expect(textOf(region.querySelector('h1')!)).toBe('Alice Moreau');
    expect(textOf(region)).toContain('alice.moreau@client.example');
    expect(textOf(region)).toContain('Detected in Gmail (open thread)');
    const facts = [...region.querySelectorAll('.facts li')].map(textOf);
    // The incident being worked on is neither past nor a follow-up: its steps are in the checklist.
    expect(facts).toEqual(['1 past incident', '$50.00 given in the last 365 days']);
    const past = [...region.querySelectorAll('.history li')].map(textOf);
    expect(past).toEqual(['Oct 16, 2026 Missed or wrong-time appointment resolved, $50.00 given']);
  });

  it('counts the steps still to do in the client\'s other open incidents as follow-ups', async () => {
    const older = testIncident({ id: 'older', status: 'open', createdAt: NOW - 2 * 86_400_000 });
    const history = testHistory([testIncident({ id: 'a', status: 'open', createdAt: NOW - 60_000 }), older]);
    const { el } = await renderHeader(detected, history, 'a');
    const facts = [...getByRole(el, 'region', 'Client').querySelectorAll('.facts li')].map(textOf);
    // Three dated steps in the older incident, all past their due time; "record" has none.
    expect(facts).toEqual(['1 past incident', '$0.00 given in the last 365 days', '3 follow-ups open in 1 other incident, 3 overdue']);
  });

  it('says a new client has no past incidents', async () => {
    const { el } = await renderHeader(detected, testHistory([testIncident({ id: 'a' })]), 'a');
    expect(textOf(getByRole(el, 'region', 'Client').querySelector('.facts li')!)).toBe('No past incidents');
    // Nothing to unfold: the one incident is on screen below.
    expect(el.querySelector('details.history')).toBeNull();
  });

  it('renders a hostile name from the page as text', async () => {
    const { el } = await renderHeader({ ...detected, name: '<img src=x onerror=alert(1)>Mallory' });
    expect(el.querySelector('img')).toBeNull();
    expect(textOf(el.querySelector('h1')!)).toBe('<img src=x onerror=alert(1)>Mallory');
  });

  it('finds a client in the ledger when none is detected', async () => {
    const messages = answerMessages({
      searchClients: () => [{ clientKey: CLIENT_KEY, name: 'Alice Moreau', email: CLIENT_KEY }],
    });
    const { el, onPick } = await renderHeader(null);
    await type(getByLabel(el, 'Find a client'), 'alice');
    await settle();
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    expect(messages.of('searchClients')).toEqual([{ query: 'alice' }]);
    await click(getByRole(el, 'button', /^Alice Moreau/));
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ clientKey: CLIENT_KEY, name: 'Alice Moreau', picked: true }),
    );
  });

  it('announces a failed search as an alert', async () => {
    answerMessages({
      searchClients: () => {
        throw new Error('The client list could not be read');
      },
    });
    const { el } = await renderHeader(null);
    const alert = getByRole(el, 'alert');
    expect(textOf(alert)).toBe('');
    await type(getByLabel(el, 'Find a client'), 'alice');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    expect(getByRole(el, 'alert')).toBe(alert);
    expect(textOf(alert)).toBe('The client list could not be read');
  });

  it('accepts a typed email address for a client the ledger does not know', async () => {
    answerMessages({ searchClients: () => [] });
    const { el, onPick } = await renderHeader(null);
    await type(getByLabel(el, 'Find a client'), ' New.Client@Example.com ');
    await click(getByRole(el, 'button', 'Use new.client@example.com'));
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ clientKey: 'new.client@example.com', email: 'new.client@example.com' }),
    );
  });

  it('lets a hand-picked client be changed, but not a detected one', async () => {
    const picked = await renderHeader({ ...detected, picked: true });
    await click(getByRole(picked.el, 'button', 'Change client'));
    expect(picked.onClear).toHaveBeenCalled();
    const found = await renderHeader(detected);
    expect(queryByRole(found.el, 'button', 'Change client')).toBeNull();
  });
});
