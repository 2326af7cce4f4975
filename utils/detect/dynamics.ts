import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// Dynamics 365 (model-driven apps) opens a record at <org>.crm<n>.dynamics.com/main.aspx with
// `pagetype=entityrecord&etn=<entity>&id=<guid>` in the query. The form header title is
// `h1[data-id="header_title"]`; the email field is the input
// `[data-id="emailaddress1.fieldControl-mail-text-input"]` (both named by the form's field ids).

// Dynamics 365 regions, <org>.crm<n>.dynamics.com: North America crm, South America crm2, Canada crm3,
// EMEA crm4, APAC crm5, Oceania crm6, Japan crm7, India crm8, North America 2 crm9, UK crm11, France
// crm12 (the service URLs in Microsoft's "Get started with the Online Management API" for Dynamics 365).
export const DYNAMICS_SITES: ToolSites = {
  matches: [
    'https://*.crm.dynamics.com/*',
    'https://*.crm2.dynamics.com/*',
    'https://*.crm3.dynamics.com/*',
    'https://*.crm4.dynamics.com/*',
    'https://*.crm5.dynamics.com/*',
    'https://*.crm6.dynamics.com/*',
    'https://*.crm7.dynamics.com/*',
    'https://*.crm8.dynamics.com/*',
    'https://*.crm9.dynamics.com/*',
    'https://*.crm11.dynamics.com/*',
    'https://*.crm12.dynamics.com/*',
  ],
  examples: [
    'https://harborpine.crm4.dynamics.com/main.aspx?appid=1f2e3d4c-0000-0000-0000-000000000000&pagetype=entityrecord&etn=contact&id=%7B5A1D3C2E-0B4F-4E8A-9C1D-2E3F4A5B6C7D%7D',
    'https://harborpine.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=%7B1B2C3D4E-5F60-4A7B-8C9D-0E1F2A3B4C5D%7D',
  ],
};
const ENTITIES = ['contact', 'account', 'lead'];
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export const detectDynamicsClient: Detector = (url, doc, ctx) => {
  if (!onSites(DYNAMICS_SITES, url) || url.searchParams.get('pagetype') !== 'entityrecord') return null;
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
