import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Sender } from '@/utils/browser/messaging';
import type { DetectedClient } from '@/utils/detect/types';

import { makeTabService } from '@/entrypoints/background/tab-clients';

// The background's memory of which client is on screen in which tab.

const ALICE: DetectedClient = {
  source: 'gmail',
  sourceLabel: 'Gmail',
  email: 'alice.baker@bakerbakery.example',
  name: 'Alice Baker',
  firstName: 'Alice',
  pageKind: 'thread',
  evidence: 'span.gD[email]',
};

/** Alice has two open incidents; nobody else has any. */
let tabs: ReturnType<typeof makeTabService>;
/** Who is told when Your email or the policy changes (the policy service, in the background). */
let contextListeners: (() => void)[];
let tabHandlers: typeof tabs.handlers;
beforeEach(() => {
  contextListeners = [];
  tabs = makeTabService({
    openIncidentCount: async (clientKey) => (clientKey === 'alice.baker@bakerbakery.example' ? 2 : 0),
    onDetectContextChange: (listener) => contextListeners.push(listener),
  });
  tabHandlers = tabs.handlers;
});
const startTabTracking = () => tabs.start();
const refreshBadges = () => tabs.refreshBadges();

const fromTab = (tabId: number, frameId = 0): Sender => ({
  id: fakeBrowser.runtime.id,
  tab: { id: tabId } as Sender['tab'],
  frameId,
  url: 'https://mail.google.com/mail/u/0/#inbox/1',
});

describe('the client per tab', () => {
  it('remembers what each tab reported and shows the open-incident count on its badge', async () => {
    startTabTracking();
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7));
    await tabHandlers.clientDetected({ client: { ...ALICE, email: 'dan@orchardfarm.example', name: 'Dan' }, hasCompose: true }, fromTab(8));
    expect(await tabHandlers.getTabClient({ tabId: 7 }, fromTab(1))).toMatchObject({ tabId: 7, client: { name: 'Alice Baker' }, hasCompose: false });
    expect(await tabHandlers.getTabClient({ tabId: 8 }, fromTab(1))).toMatchObject({ client: { name: 'Dan' }, hasCompose: true });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('2');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 8 })).toBe('');
    expect(await fakeBrowser.action.getTitle({ tabId: 7 })).toBe('Make It Right — 2 open incidents for Alice Baker');
  });

  it("names the clients on screen once each, which a new browser's first sync of the firm ledger reads first", async () => {
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7));
    await tabHandlers.clientDetected({ client: { ...ALICE, email: 'Dan@OrchardFarm.example', name: 'Dan' }, hasCompose: false }, fromTab(8));
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: true }, fromTab(9));
    await tabHandlers.clientDetected({ client: null, hasCompose: false }, fromTab(10));
    expect((await tabs.clientsOnScreen()).sort()).toEqual(['alice.baker@bakerbakery.example', 'dan@orchardfarm.example']);
  });

  it('ignores embedded frames and drops malformed findings', async () => {
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7, 3));
    expect(await tabHandlers.getTabClient({ tabId: 7 }, fromTab(1))).toBeNull();
    const forged = { ...ALICE, source: 'bank' } as unknown as DetectedClient;
    await tabHandlers.clientDetected({ client: forged, hasCompose: false }, fromTab(7));
    expect((await tabHandlers.getTabClient({ tabId: 7 }, fromTab(1)))?.client).toBeNull();
  });

  it('forgets a tab when it loads a new page or closes', async () => {
    startTabTracking();
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7));
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(8));
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, { id: 7 } as never);
    await fakeBrowser.tabs.onRemoved.trigger(8, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () => {
      expect(await tabHandlers.getTabClient({ tabId: 7 }, fromTab(1))).toBeNull();
      expect(await tabHandlers.getTabClient({ tabId: 8 }, fromTab(1))).toBeNull();
    });
  });

  it('refreshes every badge after the ledger changes', async () => {
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7));
    await fakeBrowser.action.setBadgeText({ tabId: 7, text: '' });
    await refreshBadges();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('2');
  });

  it('answers an insert into a tab without a listening page with a message, not an error', async () => {
    const result = await tabHandlers.insertIntoEmail({ tabId: 99, subject: 's', body: 'b', audience: { kind: 'client', client: null } }, fromTab(1));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/no email open/);
  });

  it('asks every tab to detect again when your email or the policy changes, so a colleague stops showing as the client', async () => {
    startTabTracking();
    await tabHandlers.clientDetected({ client: ALICE, hasCompose: false }, fromTab(7));
    await tabHandlers.clientDetected({ client: null, hasCompose: false }, fromTab(8));
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, value: undefined });
    for (const listener of contextListeners) listener();
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(2));
    expect(sent.mock.calls.map(([tabId, message]) => [tabId, (message as { name: string }).name]).sort()).toEqual([
      [7, 'redetect'],
      [8, 'redetect'],
    ]);
  });
});
