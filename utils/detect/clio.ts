import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// Clio Manage is a hash-routed app: a contact is app.clio.com/nc/#/contacts/<id> (regional hosts
// eu., ca., au.app.clio.com). The contact's name is the page header `h1`; its email addresses are
// `mailto:` links in the contact's details card.

// Clio's regions: the US app.clio.com and the EU, Canadian and Australian eu., ca., au.app.clio.com.
export const CLIO_SITES: ToolSites = {
  matches: [
    'https://app.clio.com/*',
    'https://eu.app.clio.com/*',
    'https://ca.app.clio.com/*',
    'https://au.app.clio.com/*',
  ],
  examples: [
    'https://app.clio.com/nc/#/contacts/3301558',
    'https://eu.app.clio.com/nc/#/contacts/3301777',
  ],
};
const ROUTE = /^#\/contacts\/(\d+)(?:[/?]|$)/;

export const detectClioClient: Detector = (url, doc, ctx) => {
  if (!onSites(CLIO_SITES, url)) return null;
  const m = ROUTE.exec(url.hash);
  if (!m?.[1]) return null;
  return recordClient(
    doc,
    {
      source: 'clio',
      sourceLabel: 'Clio',
      recordId: m[1],
      nameSelectors: ['main h1', 'h1'],
      emailScopes: ['main .contact-info'],
      recordArea: 'main',
    },
    ctx,
  );
};
