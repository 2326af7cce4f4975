import { browser } from 'wxt/browser';
import { serveMessages, isExtensionPage, isOwnContentScript, type Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol, ContentScriptProtocol, PageProtocol } from '@/utils/messages';
import { policyHandlers, startPolicySync } from './policy-service';
import { ledgerHandlers, startReminders } from './ledger-service';
import { tabHandlers, startTabTracking } from './tab-clients';
import { startToolbar } from './toolbar';
import { startFirmDetectors } from './firm-detectors';

export default defineBackground({
  type: 'module',
  main() {
    // Chromium: content scripts lose their default access to storage.local, so a compromised page
    // process can neither read nor write what is there. Firefox has no such switch; what decides
    // authority is out of content scripts' reach there too (utils/config-store.ts).
    void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
    const { clientDetected, getTabClient, insertIntoEmail } = tabHandlers;
    const { detectContext, ...policyPageHandlers } = policyHandlers;
    const fromContentScripts: Handlers<ContentScriptProtocol> = { clientDetected, detectContext };
    const fromPages: Handlers<PageProtocol> = { ...policyPageHandlers, ...ledgerHandlers, getTabClient, insertIntoEmail };
    // A web page (through a content script) may only say what it shows, so it can never grant a
    // remedy or change the policy; everything else is for the extension's own pages.
    const contentScriptMessages = new Set<string>(Object.keys(fromContentScripts));
    // Listeners are registered synchronously, before the first await, so a restarted service worker
    // sees the event that woke it.
    serveMessages<BackgroundProtocol>({ ...fromContentScripts, ...fromPages }, (name, sender) => {
      if (contentScriptMessages.has(name)) {
        return isOwnContentScript(sender) || isExtensionPage(sender) ? null : 'Refused: unknown sender';
      }
      return isExtensionPage(sender) ? null : `Refused: "${name}" is only for the extension's own pages`;
    });
    startToolbar();
    startTabTracking();
    startPolicySync();
    startReminders();
    startFirmDetectors();
  },
});
