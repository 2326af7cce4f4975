import type { ClientSource, DetectContext, DetectedClient, Detector } from './types';
import type { ToolSites } from './sites';
import { detectGmailClient, GMAIL_SITES } from './gmail';
import { detectOutlookClient, OUTLOOK_SITES } from './outlook';
import { detectHubspotClient, HUBSPOT_SITES } from './hubspot';
import { detectSalesforceClient, SALESFORCE_SITES } from './salesforce';
import { detectPipedriveClient, PIPEDRIVE_SITES } from './pipedrive';
import { detectClioClient, CLIO_SITES } from './clio';
import { detectZohoClient, ZOHO_SITES } from './zoho';
import { detectDynamicsClient, DYNAMICS_SITES } from './dynamics';

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

/** Where each built-in tool runs: its content script's sites and the example pages its detector reads. */
export const SITES = {
  gmail: GMAIL_SITES,
  outlook: OUTLOOK_SITES,
  hubspot: HUBSPOT_SITES,
  salesforce: SALESFORCE_SITES,
  pipedrive: PIPEDRIVE_SITES,
  clio: CLIO_SITES,
  zoho: ZOHO_SITES,
  dynamics: DYNAMICS_SITES,
} satisfies Record<keyof typeof BUILT_IN_DETECTORS, ToolSites>;

/** Every CRM's sites: where the CRM content script runs. */
export const CRM_MATCHES: string[] = Object.keys(CRM_DETECTORS).flatMap((tool) => [...SITES[tool as keyof typeof CRM_DETECTORS].matches]);

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
