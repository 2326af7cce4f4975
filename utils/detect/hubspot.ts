import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// HubSpot record URLs are /contacts/<portal>/record/<object type>/<id> for every object type
// (0-1 contact, 0-2 company), with the older /contacts/<portal>/contact/<id> form still linked from
// emails. The record's name is `[data-selenium-test="highlightTitle"]` (read the same way by
// anishpdalal/hashy-chrome-extension, src/pages/Content/index.js) in the left sidebar
// `[data-test-id="left-sidebar"]` that also holds the highlighted email.

// HubSpot's data hosting locations na1 (app.hubspot.com), na2, na3, eu1 and ap1, each with its own app
// host: the `uiDomain` that HubSpot's account information API reports beside `dataHostingLocation`
// (https://developers.hubspot.com/docs/api/settings/account-information-api).
export const HUBSPOT_SITES: ToolSites = {
  matches: [
    'https://app.hubspot.com/*',
    'https://app-na2.hubspot.com/*',
    'https://app-na3.hubspot.com/*',
    'https://app-eu1.hubspot.com/*',
    'https://app-ap1.hubspot.com/*',
  ],
  examples: [
    'https://app.hubspot.com/contacts/4431234/record/0-1/51',
    'https://app-eu1.hubspot.com/contacts/4431234/record/0-2/9001/view/1',
    'https://app-na2.hubspot.com/contacts/4431234/contact/51',
  ],
};
const PATH = /^\/contacts\/(\d+)\/(?:record\/(0-1|0-2)|(contact|company))\/(\d+)(?:\/|$)/;

export const detectHubspotClient: Detector = (url, doc, ctx) => {
  if (!onSites(HUBSPOT_SITES, url)) return null;
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  const objectType = m[2] ?? (m[3] === 'company' ? '0-2' : '0-1');
  return recordClient(
    doc,
    {
      source: 'hubspot',
      sourceLabel: 'HubSpot',
      recordId: `${m[1]}/${objectType}/${m[4]}`,
      nameSelectors: ['[data-selenium-test="highlightTitle"]'],
      emailScopes: ['[data-test-id="left-sidebar"]'],
      recordArea: 'main, [role="main"]',
    },
    ctx,
  );
};
