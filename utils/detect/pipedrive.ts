import type { Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { recordClient } from './crm';

// Pipedrive person and organization pages are <company>.pipedrive.com/person/<id> and
// /organization/<id>. The detail view's header is the page's `h1`; a person's emails are `mailto:`
// links in the details sidebar (`[data-testid="sidebar"]`) beside the header.

// Every Pipedrive company has its own <company>.pipedrive.com.
export const PIPEDRIVE_SITES: ToolSites = {
  matches: [
    'https://*.pipedrive.com/*',
  ],
  examples: [
    'https://harborpine.pipedrive.com/person/812',
  ],
};
const PATH = /^\/(person|organization)\/(\d+)(?:\/|$)/;

export const detectPipedriveClient: Detector = (url, doc, ctx) => {
  if (!onSites(PIPEDRIVE_SITES, url)) return null;
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  return recordClient(
    doc,
    {
      source: 'pipedrive',
      sourceLabel: 'Pipedrive',
      recordId: `${m[1]}/${m[2]}`,
      nameSelectors: ['main h1', 'h1'],
      emailScopes: ['[data-testid="sidebar"]'],
      recordArea: 'main',
    },
    ctx,
  );
};
