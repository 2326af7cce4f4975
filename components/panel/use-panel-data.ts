import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onPageEvent, sendMessage } from '@/utils/browser/messaging';
import type { Me } from '@/utils/people';
import type { SettingsWithMe } from '@/utils/settings';
import type { TabClient } from '@/utils/detect/types';
import type { PolicyState } from '@/utils/policy/types';
import { errorText } from '@/utils/error-text';
import { useAnswer } from './use-answer';

export interface PanelData {
  /** The tab the panel speaks about: `?tabId=N` when popped out, none for `?client=`, else the active tab. */
  tabId: number | null;
  poppedOut: boolean;
  tab: TabClient | null;
  policyState: PolicyState | null;
  settings: SettingsWithMe | null;
  error: string | null;
  /** Changes each time records from the firm ledger changed incidents here: what shows them reloads. */
  ledgerRevision: number;
}

/** storage.local key the background's firm ledger service rewrites after folding arrived records. */

function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  const id = raw === null ? NaN : Number(raw);
  return Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** `?client=<clientKey>`: the panel opened on one client of the ledger (from a reminder), for no tab. */
export function clientKeyFromSearch(search: string): string | null {
  return new URLSearchParams(search).get('client')?.trim() || null;
}

/** The incident a link opens the panel on (a reminder's), with the client it belongs to. */
export function incidentFromSearch(search: string): { id: string; fromReminder: boolean } | null {
  const params = new URLSearchParams(search);
  const id = params.get('incident')?.trim();
  return id ? { id, fromReminder: params.get('from') === 'reminder' } : null;
}

/** What the panel shows comes from the background; this keeps it current as tabs and settings change. */
export function usePanelData(search: string): PanelData {
  const fixedTabId = tabIdFromSearch(search);
  const forClient = clientKeyFromSearch(search) !== null;
  const [tabId, setTabId] = useState<number | null>(fixedTabId);
  const [tab, setTab] = useState<TabClient | null>(null);
  const [policyState, setPolicyState] = useState<PolicyState | null>(null);
  const [settings, setSettings] = useState<PanelData['settings']>(null);
  const [error, setError] = useState<string | null>(null);
  const [tabRevision, setTabRevision] = useState(0);
  const [storeRevision, setStoreRevision] = useState(0);
  const [ledgerRevision, setLedgerRevision] = useState(0);
  const refreshTab = () => setTabRevision((n) => n + 1);
  const refreshStore = () => setStoreRevision((n) => n + 1);
  const tabIdRef = useRef(tabId);
  tabIdRef.current = tabId;

  // Follow the active tab of the panel's window, unless popped out for one tab or one client.
  useEffect(() => {
    if (fixedTabId !== null || forClient) return;
    const update = () => {
      browser.tabs.query({ active: true, currentWindow: true }).then(
        ([active]) => setTabId(active?.id ?? null),
        (err: unknown) => setError(errorText(err)),
      );
    };
    update();
    browser.tabs.onActivated.addListener(update);
    return () => browser.tabs.onActivated.removeListener(update);
  }, [fixedTabId, forClient]);

  // A page load or SPA navigation in the tab can change its client.
  useEffect(() => {
    const onUpdated = (id: number) => {
      if (id === tabIdRef.current) refreshTab();
    };
    // What the background announces (utils/messages.ts, PageEvents): each reloads what it changed.
    const stops = [
      onPageEvent('configChanged', () => {
        refreshStore();
        refreshTab();
      }),
      onPageEvent('ledgerChanged', () => setLedgerRevision((n) => n + 1)),
      onPageEvent('tabClient', ({ tabId }) => {
        if (tabId === tabIdRef.current) refreshTab();
      }),
    ];
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      refreshStore();
      refreshTab();
      setLedgerRevision((n) => n + 1);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      browser.tabs.onUpdated.removeListener(onUpdated);
      stops.forEach((stop) => stop());
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  useAnswer(
    // No tab (a panel for one client): no tab's client.
    () => (tabId === null ? Promise.resolve(null) : sendMessage('getTabClient', { tabId })),
    (found) => {
      setTab(found);
      if (tabId !== null) setError(null);
    },
    setError,
    [tabId, tabRevision],
  );

  useAnswer(
    () => Promise.all([sendMessage('getPolicyState'), sendMessage('getSettings')]),
    ([state, mine]) => {
      setPolicyState(state);
      setSettings(mine);
      setError(null);
    },
    setError,
    [storeRevision],
  );

  // Until the newly active tab's answer arrives, the previous tab's client is not this tab's.
  const tabNow = tab !== null && tab.tabId === tabId ? tab : null;
  return { tabId, poppedOut: fixedTabId !== null || forClient, tab: tabNow, policyState, settings, error, ledgerRevision };
}
