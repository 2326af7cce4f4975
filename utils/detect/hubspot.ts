import type { Detector } from './types';
import { recordClient } from './crm';

// HubSpot record URLs are /contacts/<portal>/record/<object type>/<id> for every object type
// (0-1 contact, 0-2 company), with the older /contacts/<portal>/contact/<id> form still linked from
// emails. The record's name is `[data-selenium-test="highlightTitle"]` (read the same way by
// anishpdalal/hashy-chrome-extension, src/pages/Content/index.js) in the left sidebar
// `[data-test-id="left-sidebar"]` that also holds the highlighted email.

const HOST = /^app(-[a-z0-9]+)?\.hubspot\.com$/;
const PATH = /^\/contacts\/(\d+)\/(?:record\/(0-1|0-2)|(contact|company))\/(\d+)(?:\/|$)/;

export const detectHubspotClient: Detector = (url, doc, ctx) => {
  if (!HOST.test(url.hostname)) return null;
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
