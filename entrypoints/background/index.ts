import { browser } from 'wxt/browser';
import { serveMessages, isExtensionPage, isOwnContentScript, type Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol, ContentScriptProtocol, PageProtocol } from '@/utils/messages';
import { openConfigStore } from '@/utils/config-store';
import { ledgerConnection } from './ledger-connection';
import { makePolicyService } from './policy-service';
import { makeLedgerService } from './ledger-service';
import { makeTabService } from './tab-clients';
import { makeFirmDetectors } from './firm-detectors';
import { makeFirmLedgerService } from './firm-ledger-service';
import { makeFirmSession } from './firm-session';
import { incidentRecordsIn, makeFirmProjection } from './firm-projection';
import { makeFirmReplication } from './firm-replication';
import { makeFirmApprovals } from './firm-approvals';
import { makeAwayService } from './away-service';
import { startToolbar } from './toolbar';
import { t } from '@/utils/i18n';
import { errorText } from '@/utils/error-text';
import { installBrowserMessages } from '@/utils/browser/i18n';

// The composition root: the one place that opens the stores, builds each service with what it needs
// and serves their handlers. Services never import one another.

export default defineBackground({
  type: 'module',
  main() {
    installBrowserMessages();
    // Chromium: content scripts lose their default access to storage.local, so a compromised page
    // process can neither read nor write what is there. Firefox has no such switch; what decides
    // authority is out of content scripts' reach there too (utils/config-store.ts).
    void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
    const ledger = ledgerConnection();
    const config = openConfigStore();
    const policy = makePolicyService({
      fetch: (input, init) => fetch(input, init),
      config,
      // Signed in to the firm ledger, what the user records is known to be theirs.
      identify: (me) => session.identify(me),
      personChanged: (before) => firmLedger.personChanged(before),
    });
    const tabs = makeTabService({
      openIncidentCount: async (clientKey) => (await ledger()).openIncidentCount(clientKey),
      onDetectContextChange: policy.onDetectContextChange,
    });
    // The firm ledger, a service per job: who is signed in, the fold of its records into the
    // incidents here, replication with the firm's server, and the commands and approvals on top.
    const session = makeFirmSession({ config, currentPolicy: policy.currentPolicy, currentMe: policy.currentMe });
    // What waits for whom in the firm ledger, and its notifications; who is away comes from the ledger.
    const approvals = makeFirmApprovals({ ledger, away: async () => (await firmLedger.away.records()) ?? [] });
    const projection = makeFirmProjection({
      ledger,
      config,
      current: session.current,
      onChange: tabs.refreshBadges,
      notifyArrivals: approvals.notifyArrivals,
      failed: (error) => session.setStatus({ lastError: { at: Date.now(), message: t('ledgerApplyFailed', errorText(error)) } }).then(() => undefined),
      complete: (url, replica, incidentIds) => replication.complete(url, replica, incidentIds),
    });
    const replication = makeFirmReplication({
      config,
      ledger,
      session,
      projection,
      incidentRecords: incidentRecordsIn,
      clientsOnScreen: tabs.clientsOnScreen,
      notify: approvals.notify,
      beforeReplication: (cfg) => firmLedger.upgradeOnce(cfg),
    });
    const firmLedger = makeFirmLedgerService({ ledger, session, replication, projection, incidentRecords: incidentRecordsIn, approvals });
    const away = makeAwayService({ currentPolicy: policy.currentPolicy, currentMe: policy.currentMe, ...firmLedger.away });
    const currentMe = async () => session.identify(await policy.currentMe());
    const incidents = makeLedgerService({
      ledger,
      currentPolicy: policy.currentPolicy,
      currentMe,
      onChange: tabs.refreshBadges,
      config,
      record: firmLedger.record,
      // With a firm ledger, this browser's holds the whole firm's once it has caught up with it.
      async coverage() {
        const status = await session.status();
        const firm = status.state !== 'not-configured' && status.lastSyncedAt !== null;
        return { coverage: firm ? 'firm' : 'browser', syncedAt: firm ? status.lastSyncedAt : null };
      },
    });
    const firmDetectors = makeFirmDetectors({
      currentPolicy: policy.currentPolicy,
      onPolicyChange: policy.onPolicyChange,
    });

    const { clientDetected, getTabClient, insertIntoEmail } = tabs.handlers;
    const { detectContext, getSettings, setSettings, ...policyPages } = policy.handlers;
    const fromContentScripts: Handlers<ContentScriptProtocol> = { clientDetected, detectContext };
    const fromPages: Handlers<PageProtocol> = {
      ...policyPages,
      getSettings,
      setSettings,
      ...incidents.handlers,
      ...firmLedger.handlers,
      ...away.handlers,
      getTabClient,
      insertIntoEmail,
    };
    // A web page (through a content script) may only say what it shows, so it can never grant a
    // remedy or change the policy; everything else is for the extension's own pages.
    const contentScriptMessages = new Set<string>(Object.keys(fromContentScripts));
    // Listeners are registered synchronously, before the first await, so a restarted service worker
    // sees the event that woke it.
    serveMessages<BackgroundProtocol>({ ...fromContentScripts, ...fromPages }, (name, sender) => {
      if (contentScriptMessages.has(name)) {
        return isOwnContentScript(sender) || isExtensionPage(sender) ? null : t('refusedUnknownSender');
      }
      return isExtensionPage(sender) ? null : t('refusedPagesOnly', name);
    });
    startToolbar();
    tabs.start();
    policy.start();
    incidents.start();
    firmDetectors.start();
    session.start();
    firmLedger.start();
    away.start();
  },
});
