import type { Detector } from './types';
import { recordClient } from './crm';

// Dynamics 365 (model-driven apps) opens a record at <org>.crm<n>.dynamics.com/main.aspx with
// `pagetype=entityrecord&etn=<entity>&id=<guid>` in the query. The form header title is
// `h1[data-id="header_title"]`; the email field is the input
// `[data-id="emailaddress1.fieldControl-mail-text-input"]` (both named by the form's field ids).

const HOST = /^[a-z0-9-]+\.crm\d*\.dynamics\.com$/;
const ENTITIES = ['contact', 'account', 'lead'];
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export const detectDynamicsClient: Detector = (url, doc, ctx) => {
  if (!HOST.test(url.hostname) || url.searchParams.get('pagetype') !== 'entityrecord') return null;
  const entity = url.searchParams.get('etn') ?? '';
  const id = GUID.exec(url.searchParams.get('id') ?? '')?.[1];
  if (!ENTITIES.includes(entity) || !id) return null;
  return recordClient(
    doc,
    {
      source: 'dynamics',
      sourceLabel: 'Dynamics 365',
      recordId: `${entity}/${id.toLowerCase()}`,
      nameSelectors: ['h1[data-id="header_title"]'],
      emailScopes: ['[data-id="form-header"]'],
      emailFields: ['input[data-id="emailaddress1.fieldControl-mail-text-input"]'],
      // The form body: any tab or section the firm's form puts an email field in.
      recordArea: '[data-id="editFormRoot"], [role="main"], main',
    },
    ctx,
  );
};
