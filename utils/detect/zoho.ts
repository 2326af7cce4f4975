import type { Detector } from './types';
import { recordClient } from './crm';

// Zoho CRM record URLs are crm.zoho.<region>/crm/<org>/tab/<Module>/<numeric id> (the org segment
// is absent on some accounts). The record's name is the detail header `h1`; the Email field renders
// as a `mailto:` link in the record's detail view.

const HOST = /^crm\.zoho\.(com|eu|in|com\.au|jp|com\.cn|ca|sa)$/;
const PATH = /^\/crm\/(?:[^/]+\/)?tab\/(Contacts|Leads|Accounts)\/(\d+)(?:\/|$)/;

export const detectZohoClient: Detector = (url, doc, ctx) => {
  if (!HOST.test(url.hostname)) return null;
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
