import type { Detector } from './types';
import { recordClient } from './crm';

// Clio Manage is a hash-routed app: a contact is app.clio.com/nc/#/contacts/<id> (regional hosts
// eu., ca., au.app.clio.com). The contact's name is the page header `h1`; its email addresses are
// `mailto:` links in the contact's details card.

const HOST = /^((eu|ca|au)\.)?app\.clio\.com$/;
const ROUTE = /^#\/contacts\/(\d+)(?:[/?]|$)/;

export const detectClioClient: Detector = (url, doc, ctx) => {
  if (!HOST.test(url.hostname)) return null;
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
