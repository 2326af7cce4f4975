import type { ClientSource, DetectContext, DetectedClient, Detector } from './types';
import { detectGmailClient } from './gmail';
import { detectOutlookClient } from './outlook';
import { detectHubspotClient } from './hubspot';
import { detectSalesforceClient } from './salesforce';
import { detectPipedriveClient } from './pipedrive';
import { detectClioClient } from './clio';
import { detectZohoClient } from './zoho';
import { detectDynamicsClient } from './dynamics';

// The registry of built-in detectors. Content scripts import only their own group's detectors to
// stay small; this map is for tests and for anything that must try them all.

const WEBMAIL_DETECTORS = {
  gmail: detectGmailClient,
  outlook: detectOutlookClient,
} satisfies Partial<Record<ClientSource, Detector>>;

export const CRM_DETECTORS = {
  hubspot: detectHubspotClient,
  salesforce: detectSalesforceClient,
  pipedrive: detectPipedriveClient,
  clio: detectClioClient,
  zoho: detectZohoClient,
  dynamics: detectDynamicsClient,
} satisfies Partial<Record<ClientSource, Detector>>;

export const BUILT_IN_DETECTORS: Record<Exclude<ClientSource, 'custom'>, Detector> = {
  ...WEBMAIL_DETECTORS,
  ...CRM_DETECTORS,
};

/** The first detector's finding; a detector that throws on a strange page finds nothing. */
export function detectWith(
  detectors: readonly Detector[],
  url: URL,
  doc: Document,
  ctx: DetectContext,
): DetectedClient | null {
  for (const detect of detectors) {
    try {
      const found = detect(url, doc, ctx);
      if (found) return found;
    } catch {
      // Pages change under us; one broken detector must not stop the others.
    }
  }
  return null;
}
