import { serveMessages, isExtensionPage, isOwnContentScript } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import { policyHandlers, startPolicySync } from './policy-service';
import { ledgerHandlers, startReminders } from './ledger-service';
import { tabHandlers, startTabTracking } from './tab-clients';
import { startToolbar } from './toolbar';
import { startFirmDetectors } from './firm-detectors';

// Messages content scripts may send; everything else is for the extension's own pages only, so a
// web page (through a content script) can never grant a remedy or change the policy.
const CONTENT_SCRIPT_MESSAGES = new Set<keyof BackgroundProtocol>(['clientDetected', 'detectContext']);

export default defineBackground({
  type: 'module',
  main() {
    // Listeners are registered synchronously, before the first await, so a restarted service worker
    // sees the event that woke it.
    serveMessages<BackgroundProtocol>(
      { ...policyHandlers, ...ledgerHandlers, ...tabHandlers },
      (name, sender) => {
        if (CONTENT_SCRIPT_MESSAGES.has(name)) {
          return isOwnContentScript(sender) || isExtensionPage(sender) ? null : 'Refused: unknown sender';
        }
        return isExtensionPage(sender) ? null : `Refused: "${name}" is only for the extension's own pages`;
      },
    );
    startToolbar();
    startTabTracking();
    startPolicySync();
    startReminders();
    startFirmDetectors();
  },
});
