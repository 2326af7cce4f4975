import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// Zoho CRM record URLs are crm.zoho.<region>/crm/<org>/tab/<Module>/<numeric id> (the org segment
// is absent on some accounts). The record's name is the detail header `h1`; the Email field renders
// as a `mailto:` link in the record's detail view.

// Zoho CRM's data centres: US .com, EU .eu, India .in, Australia .com.au, Japan .jp, China .com.cn
// and Canada at zohocloud.ca (Zoho CRM developer guide, "Multi DC Support",
// https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html), and Saudi Arabia .sa (Zoho's
// data-centre table, e.g. https://www.zoho.com/contracts/api/understanding-the-basics/data-centers-vs-base-uri-structure.html).
export const ZOHO_SITES: ToolSites = {
  matches: [
    'https://crm.zoho.com/*',
    'https://crm.zoho.eu/*',
    'https://crm.zoho.in/*',
    'https://crm.zoho.com.au/*',
    'https://crm.zoho.jp/*',
    'https://crm.zoho.com.cn/*',
    'https://crm.zohocloud.ca/*',
    'https://crm.zoho.sa/*',
  ],
  examples: [
    'https://crm.zoho.eu/crm/org20061234/tab/Contacts/4876876000000312001',
    'https://crm.zoho.com/crm/tab/Leads/4876876000000498011',
    'https://crm.zohocloud.ca/crm/org20061234/tab/Contacts/4876876000000312044',
  ],
};
const PATH = /^\/crm\/(?:[^/]+\/)?tab\/(Contacts|Leads|Accounts)\/(\d+)(?:\/|$)/;

export const detectZohoClient: Detector = (url, doc, ctx) => {
  if (!onSites(ZOHO_SITES, url)) return null;
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  return recordClient(
    doc,
    {
      source: 'zoho',
      sourceLabel: 'Zoho CRM',
      recordId: `${m[1]}/${m[2]}`,
      nameSelectors: ['main h1', 'h1'],
      emailScopes: ['main .dvField'],
      recordArea: 'main, #detailView',
    },
    ctx,
  );
};
