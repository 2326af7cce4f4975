import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { eventEnvelope } from '@/utils/envelope';
import { Panel } from '@/components/panel/Panel';
import { sendMessage } from '@/utils/browser/messaging';
import type { Incident } from '@/utils/ledger/types';
import type { TabClient } from '@/utils/detect/types';
import { ALICE_TAB, ANA, testGrant, testHistory, testIncident, testPolicyState } from './fixtures';
import { answerMessages, click, getByRole, mount, queryByRole, settle, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

/** A tiny background: one client, a ledger of incidents kept in memory. */
function background(tab: TabClient | null = ALICE_TAB) {
  let incidents: Incident[] = [];
  const save = (i: Incident) => {
    incidents = [i, ...incidents.filter((x) => x.id !== i.id)];
    return i;
  };
  return answerMessages({
    getTabClient: () => tab,
    getPolicyState: () => testPolicyState(),
    getSettings: () => ({ selfEmail: ANA.email, me: ANA }),
    getClientHistory: () => testHistory(incidents),
    startIncident: () => save(testIncident({ createdAt: Date.now() })),
    grantRemedy: () => save({ ...incidents[0]!, remedies: [testGrant({ grantedAt: Date.now() })] }),
    insertIntoEmail: () => ({ ok: true, message: 'Inserted into the reply to Alice' }),
    listIncidents: () => ({ incidents, next: null }),
  });
}

describe('Side panel', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it("shows the popped-out tab's client and your authority, then runs the first call", async () => {
    const messages = background();
    const el = await mount(<Panel search="?tabId=7" />);
    expect(messages.of('getTabClient')).toEqual([{ tabId: 7 }]);
    expect(textOf(getByRole(el, 'region', 'Client').querySelector('h1')!)).toBe('Alice Moreau');
    expect(textOf(getByRole(el, 'region', 'Your authority'))).toContain('Ana Ruiz Front desk');
    // Already popped out: no second pop out.
    expect(queryByRole(el, 'button', 'Pop out')).toBeNull();

    await click(getByRole(el, 'radio', 'Documents sent the wrong way'));
    await click(getByRole(el, 'button', 'Start incident'));
    expect(getByRole(el, 'checkbox', 'Acknowledge the mistake plainly')).toBeTruthy();
    // Only a new incident may be started now, behind its own button.
    expect(queryByRole(el, 'button', 'Start incident')).toBeNull();
    expect(getByRole(el, 'button', 'New incident')).toBeTruthy();
    expect((getByRole(el, 'radio', /^Credit the courier fee/) as HTMLInputElement).checked).toBe(true);
    // The next action has the focus, and the work comes before the limits it is checked against.
    expect(document.activeElement).toBe(getByRole(el, 'button', 'Grant'));
    const order = [...el.querySelectorAll('section[aria-labelledby]')].map((s) => textOf(s.querySelector('h2') ?? s).split(' ')[0]);
    expect(order.indexOf('Make')).toBeLessThan(order.indexOf('Your'));

    await click(getByRole(el, 'button', 'Grant'));
    const credit = getByRole(el, 'region', 'Credit note');
    expect(credit.querySelector('.body')!.textContent).toContain('Dear Alice,');
    await click(getByRole(credit, 'button', 'Insert into email'));
    const [inserted] = messages.of('insertIntoEmail') as { tabId: number; body: string }[];
    expect(inserted!.tabId).toBe(7);
    expect(inserted!.body).toContain('We have credited $20.00');
    expect(textOf(getByRole(el, 'region', 'Client'))).toContain('$20.00 given in the last 365 days');
  });

  it('follows the active tab of its window and offers to pop out', async () => {
    const messages = background();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 3 } as never]);
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const el = await mount(<Panel search="" />);
    expect(messages.of('getTabClient')).toEqual([{ tabId: 3 }]);

    vi.mocked(fakeBrowser.tabs.query).mockResolvedValue([{ id: 4 } as never]);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 4, windowId: 1 });
    await settle();
    expect(messages.of('getTabClient').at(-1)).toEqual({ tabId: 4 });

    await click(getByRole(el, 'button', 'Pop out'));
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/sidepanel\.html\?tabId=4$/) });
  });

  it('never shows the previous tab\'s client for a newly active tab while that tab\'s answer is on its way', async () => {
    background();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7 } as never]);
    const el = await mount(<Panel search="" />);
    expect(textOf(getByRole(el, 'region', 'Client').querySelector('h1')!)).toBe('Alice Moreau');

    // The new tab's client is slow to arrive (the background is waking up).
    const answer = vi.mocked(sendMessage).getMockImplementation()!;
    vi.mocked(sendMessage).mockImplementation(((name: string, data: unknown) =>
      name === 'getTabClient' ? new Promise(() => undefined) : answer(name as never, data as never)) as never);
    vi.mocked(fakeBrowser.tabs.query).mockResolvedValue([{ id: 8 } as never]);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 8, windowId: 1 });
    await settle();
    expect(textOf(getByRole(el, 'region', 'Client'))).not.toContain('Alice Moreau');
    expect(queryByRole(el, 'button', 'Insert into email')).toBeNull();
  });

  it('offers a search when the tab shows no client, and switches to the Incidents tab', async () => {
    background({ ...ALICE_TAB, client: null });
    const el = await mount(<Panel search="?tabId=7" />);
    expect(getByRole(el, 'region', 'Client').querySelector('input[type=search]')).not.toBeNull();
    expect(queryByRole(el, 'button', 'Start incident')).toBeNull();
    await click(getByRole(el, 'tab', 'Incidents'));
    expect(getByRole(el, 'tab', 'Incidents').getAttribute('aria-selected')).toBe('true');
    expect(textOf(el)).toContain('No incidents match.');
  });

  it('reloads policy and settings when the background says they changed, and never on a web page\'s word', async () => {
    const messages = background();
    await mount(<Panel search="?tabId=7" />);
    const before = messages.of('getSettings').length;
    const announced = eventEnvelope('configChanged', undefined);
    // A content script in a web page sending the same event: not the background, so nothing reloads.
    await fakeBrowser.runtime.onMessage.trigger(announced, { id: fakeBrowser.runtime.id, tab: { id: 3, url: 'https://mail.google.com/' } as never, url: 'https://mail.google.com/' });
    await settle();
    expect(messages.of('getSettings').length).toBe(before);
    await fakeBrowser.runtime.onMessage.trigger(announced, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') });
    await settle();
    expect(messages.of('getSettings').length).toBe(before + 1);
  });
});
