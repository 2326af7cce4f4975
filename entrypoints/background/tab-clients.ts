import { browser } from 'wxt/browser';
import { readState, removeState, sessionKey, writeState } from '@/utils/browser/state';
import { announce, sendToTab, type Handlers, type Sender } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import type { TabClient } from '@/utils/detect/types';
import { asDetectedClient } from '@/utils/detect/accept';
import { clientKeyOf } from '@/utils/ledger/client-key';
import { t, tp } from '@/utils/i18n';

// The client on screen, per tab. Kept in storage.session so a restarted service worker still knows
// it, keyed by the tab id the browser reports (the extension cannot read tab URLs), and forgotten
// when the tab loads a new page or closes.

const PREFIX = 'tabClient:';
const BADGE_COLOUR = '#b3261e';

const keyOf = (tabId: number) => sessionKey<TabClient>(`${PREFIX}${tabId}`);

async function readTab(tabId: number): Promise<TabClient | null> {
  return (await readState(keyOf(tabId))) ?? null;
}

async function allTabs(): Promise<TabClient[]> {
  const stored = await browser.storage.session.get(null);
  return Object.entries(stored)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => value as TabClient);
}

async function forgetTab(tabId: number): Promise<void> {
  await removeState(keyOf(tabId));
  announce('tabClient', { tabId });
}

async function setBadge(tabId: number, count: number, clientName = ''): Promise<void> {
  try {
    await browser.action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 99)) : '' });
    // The number alone says nothing to someone hovering it: the title says what it counts.
    await browser.action.setTitle({ tabId, title: count > 0 ? tp('badgeTitle', count, clientName) : t('extName') });
    if (count > 0) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
  } catch {
    // The tab closed in the meantime.
  }
}

type TabMessages = 'clientDetected' | 'getTabClient' | 'insertIntoEmail';

export interface TabServiceDeps {
  /** How many open incidents the client has: the toolbar badge. */
  openIncidentCount(clientKey: string): Promise<number>;
  /** Subscribes to changes of who "we" are (Your email, the firm's domains), after which tabs detect again. */
  onDetectContextChange(listener: () => void): void;
}

export function makeTabService(deps: TabServiceDeps): {
  handlers: Pick<Handlers<BackgroundProtocol>, TabMessages>;
  /** Registers the tab listeners; call synchronously at service-worker start. */
  start(): void;
  /** Sets every tab's badge to its client's number of open incidents (blank when none). */
  refreshBadges(): Promise<void>;
  /** The clients on screen in the tabs, by key, the active tab's first. */
  clientsOnScreen(): Promise<string[]>;
} {
  async function refreshBadge(entry: TabClient): Promise<void> {
    const count = entry.client ? await deps.openIncidentCount(clientKeyOf(entry.client)) : 0;
    await setBadge(entry.tabId, count, entry.client?.name);
  }

  /** Sets every tab's badge to its client's number of open incidents (blank when none). */
  async function refreshBadges(): Promise<void> {
    await Promise.all((await allTabs()).map(refreshBadge));
  }

  async function activeTabId(): Promise<number | undefined> {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  }

  const handlers: Pick<Handlers<BackgroundProtocol>, TabMessages> = {
    async clientDetected(data, sender: Sender) {
      const tabId = sender.tab?.id;
      // Only the page itself speaks for the tab, not an embedded frame.
      if (tabId === undefined || (sender.frameId ?? 0) !== 0) return;
      const entry: TabClient = {
        tabId,
        client: asDetectedClient(data?.client),
        url: (sender.url ?? sender.tab?.url ?? '').slice(0, 2000),
        hasCompose: data?.hasCompose === true,
      };
      await writeState(keyOf(tabId), entry);
      announce('tabClient', { tabId });
      await refreshBadge(entry);
    },

    async getTabClient(data) {
      const tabId = data?.tabId ?? (await activeTabId());
      return tabId === undefined ? null : readTab(tabId);
    },

    async insertIntoEmail(data) {
      try {
        const { tabId, ...request } = data;
        return await sendToTab(tabId, 'insertText', request);
      } catch {
        return {
          ok: false,
          message: t('tabCannotInsert'),
        };
      }
    },
  };

  /**
   * Asks every tab that reported a finding to detect again: who "we" are (your email, the firm's
   * domains in the policy) decides who the client is, so a tab opened before either was set would
   * otherwise keep showing a colleague as the client until reloaded.
   */
  async function redetectAll(): Promise<void> {
    await Promise.all(
      (await allTabs()).map((entry) =>
        sendToTab(entry.tabId, 'redetect', undefined).catch(() => {
          // The tab's page is gone or has no content script any more.
        }),
      ),
    );
  }

  function start(): void {
    deps.onDetectContextChange(() => void redetectAll());
    browser.tabs.onRemoved.addListener((tabId) => {
      void forgetTab(tabId);
    });
    // `status` is visible without the tabs permission: a new page in the tab ends the old finding.
    browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
      if (changeInfo.status === 'loading') {
        void forgetTab(tabId).then(() => setBadge(tabId, 0));
      }
    });
  }

  async function clientsOnScreen(): Promise<string[]> {
    const active = await activeTabId().catch(() => undefined);
    const keys: string[] = [];
    for (const tab of (await allTabs()).sort((a, b) => Number(b.tabId === active) - Number(a.tabId === active))) {
      if (!tab.client) continue;
      try {
        const key = clientKeyOf(tab.client);
        if (!keys.includes(key)) keys.push(key);
      } catch {
        // A client without an email or a record id has no key yet.
      }
    }
    return keys;
  }

  return { handlers, start, refreshBadges, clientsOnScreen };
}
