import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { BUILT_IN_DETECTORS, CRM_DETECTORS, detectWith } from '../../utils/detect/index';
import { detectorFromSpec } from '../../utils/detect/custom';
import type { DetectContext, Detector } from '../../utils/detect/types';
import { parsePolicyText } from '../../utils/policy/parse';
import { ROOT } from './build';
import { atMost, measured, unavailable, type Figure } from './figures';
import { gmailCompose, gmailDocument, gmailThread, people, SELF } from './fixtures/gmail';
import type { Group } from './group';
import { median, timePerCall } from './stats';
import { bundleForPage, launchChromium } from './chromium';

// Per-call time of each detector. Every page is parsed once; then each call follows a one-element
// change to the page (as every real detection does: the content script runs because the page
// changed), and the change alone is timed too and subtracted. Without that change the figures
// would be cache hits: happy-dom caches selector results until the DOM changes.
// Two places: Node on happy-dom (every fixture; its selector engine is plain JavaScript, so an
// upper bound) and Chromium's real DOM (the generated big pages and the Gmail fixture), where
// users pay it.

const GROUP = '2. Detector cost per call';
const FIXTURES = path.join(ROOT, 'tests/fixtures');
const BATCHES = 21;
const CTX: DetectContext = { selfEmails: [SELF.email], firmDomains: ['harborpine.example'] };

/** The page address each fixture is shown at (the fixtures hold only the page). */
const URLS: Record<string, string> = {
  gmail: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrhbvhLrPLSxqMVswVb',
  outlook: 'https://outlook.office.com/mail/inbox/id/AAQkAGI2TG93AAA%3D',
  hubspot: 'https://app.hubspot.com/contacts/4431234/record/0-1/51',
  'hubspot/company.html': 'https://app.hubspot.com/contacts/4431234/record/0-2/9001',
  salesforce: 'https://harborpine.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAZ/view',
  pipedrive: 'https://harborpine.pipedrive.com/person/812',
  clio: 'https://app.clio.com/nc/#/contacts/3301558',
  zoho: 'https://crm.zoho.com/crm/org771/tab/Contacts/4876876000000312001',
  dynamics:
    'https://harborpine.crm.dynamics.com/main.aspx?appid=1&pagetype=entityrecord&etn=contact&id=5a1d3c2e-0b4f-4e8a-9c1d-2e3f4a5b6c7d',
  custom: 'https://portal.harborpine.example/clients/7781',
  'custom/matter.html': 'https://cases.ashdownwren.example/matters/M-2291',
};

function parse(html: string, url: string): Document {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

interface Timed {
  perCallMs: number;
  found: boolean;
}

function timeDetector(detect: Detector, url: string, doc: Document): Timed {
  const u = new URL(url);
  const root = doc.querySelector('[role=main]') ?? doc.body;
  const change = () => root.appendChild(doc.createElement('i')).remove();
  const changeOnly = median(timePerCall(change, BATCHES));
  const both = median(
    timePerCall(() => {
      change();
      detect(u, doc, CTX);
    }, BATCHES),
  );
  return { perCallMs: Math.max(0, both - changeOnly), found: detect(u, doc, CTX) !== null };
}

/** The firm-defined detectors of the example policies, tried in turn as the product does. */
function policyDetectors(): Detector | undefined {
  // WXT's match patterns accept a Location too and test for it by class, which Node lacks.
  const g = globalThis as { Location?: unknown };
  g.Location ??= new Window().Location;
  const dir = path.join(ROOT, 'public/policies');
  const specs = (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []).flatMap((file) => {
    const parsed = parsePolicyText(readFileSync(path.join(dir, file), 'utf8'));
    return parsed.ok ? parsed.policy.detectors : [];
  });
  if (specs.length === 0) return undefined;
  const compiled = specs.map(detectorFromSpec);
  return (url, doc, ctx) => detectWith(compiled, url, doc, ctx);
}

export const detectors: Group = {
  id: 'detectors',
  title: GROUP,
  needsBuild: false,
  async run({ log }) {
    const figures: Figure[] = [];
    const all: [string, Detector | undefined][] = [
      ...Object.entries(BUILT_IN_DETECTORS),
      ['custom', policyDetectors()],
    ];
    for (const [tool, detect] of all) {
      const dir = path.join(FIXTURES, tool);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.html')).sort() : [];
      const name = `${tool} detector, slowest of its fixtures (Node)`;
      if (!detect || files.length === 0) {
        figures.push(unavailable(GROUP, name, 'ms', detect ? `no fixtures in tests/fixtures/${tool}` : 'no detector', atMost(1)));
        continue;
      }
      let slowest: (Timed & { file: string }) | null = null;
      let found = 0;
      for (const file of files) {
        const url = URLS[`${tool}/${file}`] ?? URLS[tool]!;
        const timed = timeDetector(detect, url, parse(readFileSync(path.join(dir, file), 'utf8'), url));
        if (timed.found) found++;
        if (!slowest || timed.perCallMs > slowest.perCallMs) slowest = { ...timed, file };
      }
      log(`${tool}: ${found}/${files.length} fixtures detected`);
      figures.push(
        measured(GROUP, name, slowest!.perCallMs, 'ms', {
          runs: BATCHES,
          target: atMost(1),
          note: `${slowest!.file}; client found on ${found} of ${files.length} fixtures`,
        }),
      );
    }

    // The CRM content script tries all CRM detectors in turn on every record page.
    const hubspotFile = path.join(FIXTURES, 'hubspot/contact.html');
    if (existsSync(hubspotFile)) {
      const crm = Object.values(CRM_DETECTORS);
      const timed = timeDetector((u, d, c) => detectWith(crm, u, d, c), URLS.hubspot!, parse(readFileSync(hubspotFile, 'utf8'), URLS.hubspot!));
      figures.push(
        measured(GROUP, `all ${crm.length} CRM detectors in turn, HubSpot record (Node)`, timed.perCallMs, 'ms', { runs: BATCHES, target: atMost(1) }),
      );
    }

    // Generated pages at the sizes that hurt, in happy-dom and in Chromium.
    const client = { email: 'alice.baker@bakerbakery.example', name: 'Alice Baker' };
    const pages: [string, string][] = [
      ['thread of 100 messages (generated)', gmailDocument(gmailThread(client, 100))],
      ['compose with 200 recipients (generated)', gmailDocument(gmailCompose(people(200)))],
    ];
    for (const [name, html] of pages) {
      const timed = timeDetector(BUILT_IN_DETECTORS.gmail, URLS.gmail!, parse(html, URLS.gmail!));
      figures.push(
        measured(GROUP, `gmail detector, ${name} (Node)`, timed.perCallMs, 'ms', {
          runs: BATCHES,
          target: atMost(1),
          note: `${(html.length / 1024).toFixed(0)} KB of HTML${timed.found ? '' : '; NO CLIENT FOUND'}`,
        }),
      );
    }

    log('Chromium: bundling the detectors');
    const script = await bundleForPage('detect-timing.ts', 'MirDetectTiming');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const threadFixture = path.join(FIXTURES, 'gmail/thread.html');
      const inChromium: [string, string][] = [
        ...(existsSync(threadFixture) ? [['thread.html fixture', readFileSync(threadFixture, 'utf8')] as [string, string]] : []),
        ...pages,
      ];
      for (const [name, html] of inChromium) {
        // The fixture's own scripts never run: the page is set from its markup with JavaScript off
        // for the page itself, and the timing script is added as a separate tag.
        await page.setContent(html.replace(/<script[\s\S]*?<\/script>/gi, ''));
        await page.addScriptTag({ content: script });
        const timed = await page.evaluate(
          ({ href, ctx, batches }) =>
            (window as unknown as { MirDetectTiming: typeof import('./browser/detect-timing') }).MirDetectTiming.timeDetector('gmail', href, ctx, batches),
          { href: URLS.gmail!, ctx: CTX, batches: BATCHES },
        );
        figures.push(
          measured(GROUP, `gmail detector, ${name} (Chromium)`, median(timed.perCallMs), 'ms', {
            runs: BATCHES,
            target: atMost(1),
            ...(timed.found ? {} : { note: 'NO CLIENT FOUND' }),
          }),
        );
      }
    } finally {
      await browser.close();
    }
    return figures;
  },
};
