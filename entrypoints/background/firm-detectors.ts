import { browser } from 'wxt/browser';
import { neededOrigins, patternsToRegister } from '@/utils/access/site-access';
import type { Policy } from '@/utils/policy/types';

// The firm's own detectors run on the firm's pages without a new release: the content script is
// registered at run time, on exactly the policy's pages whose sites the user allowed. It is kept
// in step with the policy and with what the user grants or takes back.

export const FIRM_DETECTORS_SCRIPT_ID = 'firm-detectors';
// Where WXT writes the `firm-detectors.content.ts` entrypoint.
const SCRIPT_FILE = 'content-scripts/firm-detectors.js';

async function grantedOrigins(origins: readonly string[]): Promise<Set<string>> {
  const granted = await Promise.all(
    origins.map((origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false)),
  );
  return new Set(origins.filter((_, i) => granted[i]));
}

export interface FirmDetectorsDeps {
  currentPolicy(): Promise<Policy | null>;
  onPolicyChange(listener: () => void): void;
}

export function makeFirmDetectors(deps: FirmDetectorsDeps): {
  /** Registers the listeners (call synchronously at service-worker start) and brings the registration up to date. */
  start(): void;
  /** Brings the registration in step with the policy and the granted sites. */
  refresh(): Promise<void>;
} {
  async function registerFirmDetectors(): Promise<void> {
    const specs = (await deps.currentPolicy())?.detectors ?? [];
    const matches = patternsToRegister(specs, await grantedOrigins(neededOrigins(specs)));
    const [existing] = await browser.scripting.getRegisteredContentScripts({ ids: [FIRM_DETECTORS_SCRIPT_ID] });
    if (matches.length === 0) {
      if (existing) await browser.scripting.unregisterContentScripts({ ids: [FIRM_DETECTORS_SCRIPT_ID] });
      return;
    }
    if (existing && JSON.stringify([...(existing.matches ?? [])].sort()) === JSON.stringify(matches)) return;
    const script = {
      id: FIRM_DETECTORS_SCRIPT_ID,
      js: [SCRIPT_FILE],
      matches,
      runAt: 'document_idle' as const,
      persistAcrossSessions: true,
    };
    if (existing) await browser.scripting.updateContentScripts([script]);
    else await browser.scripting.registerContentScripts([script]);
  }

  // Events arrive in bursts (a sync writes the state, a grant adds several origins): one pass at a time,
  // each reading the latest policy and permissions.
  let queue: Promise<void> = Promise.resolve();
  function refresh(): Promise<void> {
    queue = queue.then(registerFirmDetectors).catch((error: unknown) => {
      console.warn('Could not register the firm detectors', error);
    });
    return queue;
  }

  function start(): void {
    browser.permissions.onAdded.addListener(() => void refresh());
    browser.permissions.onRemoved.addListener(() => void refresh());
    deps.onPolicyChange(() => void refresh());
    void refresh();
  }

  return { start, refresh };
}
