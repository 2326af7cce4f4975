import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// Salesforce Lightning record URLs are /lightning/r/<Object>/<15 or 18 character id>/view. The
// record page's header is the `records-highlights2` component with the name in its `h1`
// (`lightning-formatted-name` for people); emails render as `lightning-formatted-email` links, in
// the highlights panel or the record's detail layout (`records-record-layout-item`).

// Every Salesforce org's Lightning app is <my domain>.lightning.force.com.
export const SALESFORCE_SITES: ToolSites = {
  matches: [
    'https://*.lightning.force.com/*',
  ],
  examples: [
    'https://harborpine.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAZ/view',
  ],
};
const PATH = /^\/lightning\/r\/(Contact|Account|Lead)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view(?:\/|$)/;

export const detectSalesforceClient: Detector = (url, doc, ctx) => {
  if (!onSites(SALESFORCE_SITES, url)) return null;
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  return recordClient(
    doc,
    {
      source: 'salesforce',
      sourceLabel: 'Salesforce',
      recordId: `${m[1]}/${m[2]}`,
      nameSelectors: ['records-highlights2 h1 lightning-formatted-name', 'records-highlights2 h1'],
      emailScopes: [
        'records-highlights2',
        'records-record-layout-item[field-label="Email"]',
      ],
      // The record page's flexipage: with Dynamic Forms the Email field can sit in any field section.
      recordArea: 'one-record-home-flexipage2, [role="main"], main',
    },
    ctx,
  );
};
