import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { setUpLedger } from '../../scripts/ledger-setup';
import { buildPhonePage } from '../../scripts/phone-build';
import { parsePolicyText } from '../../utils/policy/parse';
import { callBackground } from '../e2e/harness';
import { ANA, CARLA, PASSWORD, startFirm, type Person } from '../e2e/firm-ledger-harness';
import { atMost, failed, measured, type Figure } from './figures';
import type { Group } from './group';
import { median } from './stats';

// The approvers' phone page as the firm's CouchDB serves it (Apache CouchDB from ../shared/couchdb on
// 127.0.0.1), in a phone-sized Chromium (390 × 844, touch): what it weighs (every file it loads,
// gzip), how soon it can be used (navigation → the sign-in form usable; Sign in → the requests
// shown), and an approval on the phone until the requester's side panel, open all along in her own
// browser with the extension, shows it. Loopback only: no network latency, no phone CPU.

const TITLE = '9. Phone page for approvers (Chromium at 390 × 844, Apache CouchDB on 127.0.0.1)';
const DEV = 'dev.patel@harborpine.example';
const LOAD_RUNS = 5;
const APPROVE_RUNS = 5;

function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, locale: 'en-US' });
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('Email').fill(DEV);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).tap();
}

/** The page's own files it loaded (not the ledger's JSON answers), gzip level 9 each. */
async function weight(browser: Browser, pageUrl: string): Promise<{ kb: number; note: string }> {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    const files = new Map<string, Promise<Buffer>>();
    const prefix = pageUrl.slice(0, pageUrl.lastIndexOf('/') + 1);
    page.on('response', (response) => {
      if (response.url().startsWith(prefix)) files.set(response.url().slice(prefix.length), response.body());
    });
    await page.goto(pageUrl);
    await page.getByLabel('Email').waitFor();
    await page.waitForLoadState('networkidle');
    let raw = 0;
    let gzip = 0;
    for (const body of files.values()) {
      const bytes = await body;
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { kb: gzip / 1024, note: `raw ${(raw / 1024).toFixed(1)} KB, ${files.size} files: ${[...files.keys()].sort().join(', ')}` };
  } finally {
    await context.close();
  }
}

/**
 * On the page's own clock (0 = navigation start), so the automation's polling is not counted: when
 * the sign-in form's fields and button are there and enabled, when Sign in was tapped, and when the
 * first request of the list is shown. Recorded by a MutationObserver installed before the page runs.
 */
const MARKS = `(() => {
  const marks = (window.__phoneMarks = {});
  const check = () => {
    if (marks.form === undefined) {
      const email = document.querySelector('input[type=email]');
      const button = document.querySelector('form button[type=submit]');
      if (email && !email.disabled && button && !button.disabled) marks.form = performance.now();
    }
    if (marks.list === undefined && document.querySelector('article')) marks.list = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('form button[type=submit]')) marks.tap = performance.now();
  }, true);
})()`;

/** A fresh phone (no cache, no cookie): navigation → sign-in form usable; Sign in → the list shown. */
async function interactive(browser: Browser, pageUrl: string): Promise<{ form: number; list: number }> {
  const context = await phoneContext(browser);
  try {
    await context.addInitScript(MARKS);
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.getByLabel('Email').waitFor({ state: 'visible' });
    await signIn(page);
    await page.getByRole('article').first().waitFor({ state: 'visible' });
    const marks = (await page.evaluate('window.__phoneMarks')) as { form: number; tap: number; list: number };
    return { form: marks.form, list: marks.list - marks.tap };
  } finally {
    await context.close();
  }
}

/** Ana asks; Dev's phone opens the request's link; from his tap on Approve to Ana's panel saying so. */
async function approveOnce(ana: Person, phone: Page, pageUrl: string, run: number): Promise<number> {
  const clientKey = `phone-${run}@client.example`;
  const incident = await callBackground(ana.options, 'startIncident', {
    client: { clientKey, name: `Phone ${run}`, email: clientKey, source: { tool: 'manual', label: 'Manual' } },
    category: 'advice-complaint',
    summary: 'Bench',
  });
  // Ana asks in her side panel, as in the seed's story; the panel stays open on the answer's line.
  const panel = await ana.session.context.newPage();
  try {
    await panel.setViewportSize({ width: 400, height: 900 });
    await panel.goto(`chrome-extension://${ana.session.extensionId}/sidepanel.html?client=${encodeURIComponent(clientKey)}`);
    await panel.getByRole('button', { name: 'Ask for approval' }).click();
    await panel.getByText('through the firm ledger').first().waitFor({ state: 'visible', timeout: 30_000 });
    const requestId = (await callBackground(ana.options, 'getIncident', { incidentId: incident.id }))!.remedies[0]!.id;
    // The request reaches the server (Ana's browser replicates it), then the phone's link shows it.
    const item = phone.getByRole('article', { name: new RegExp(`for Phone ${run}$`) });
    const deadline = Date.now() + 30_000;
    for (;;) {
      await phone.goto('about:blank');
      await phone.goto(`${pageUrl}#request=${encodeURIComponent(requestId)}`);
      if (await item.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) break;
      if (Date.now() > deadline) throw new Error('the request did not reach the phone within 30 s');
    }
    const at = Date.now();
    await item.getByRole('button', { name: 'Approve' }).tap();
    try {
      await panel.getByText(/^Approved by Dev Patel at .+\.$/).waitFor({ state: 'visible', timeout: 30_000 });
    } catch {
      const said = async (p: Page) => (await p.locator('[role=alert], [role=status]').allTextContents()).join(' | ');
      throw new Error(`Ana's panel did not say it within 30 s; the phone said: ${await said(phone)}; the panel said: ${await said(panel)}`);
    }
    return Date.now() - at;
  } finally {
    await panel.close();
  }
}

export const phone: Group = {
  id: 'phone',
  title: TITLE,
  needsBuild: true,
  async run({ extensionDir, log }) {
    await buildPhonePage();
    // A firm without a manager: Ana's request goes to the partner, Dev, at once.
    const firm = await startFirm([ANA], {
      extensionDir,
      editPolicy: (policy) => {
        policy.staff = policy.staff.filter((s) => s.email !== CARLA);
      },
    });
    const [ana] = firm.people as [Person];
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const figures: Figure[] = [];
    try {
      await firm.server.addUser(DEV, PASSWORD);
      const parsed = parsePolicyText(firm.policyText);
      if (!parsed.ok) throw new Error('the test policy does not parse');
      const lines = await setUpLedger(firm.server.databaseUrl('make-it-right', true), parsed.policy);
      const pageUrl = lines.find((l) => l.startsWith('Approvals on a phone: '))!.slice('Approvals on a phone: '.length);
      const group = `9. Phone page for approvers (Chromium at 390 × 844, ${firm.server.name} on 127.0.0.1)`;

      const size = await weight(browser, pageUrl);
      log(`weight: ${size.kb.toFixed(1)} KB gzip (${size.note})`);
      figures.push(measured(group, 'page weight, all it loads (html, js, css, one language), gzip', size.kb, 'KB', { runs: 1, target: atMost(50), note: size.note }));

      // One request waits, so Sign in ends on a list with something in it.
      const waiting = await callBackground(ana.options, 'startIncident', {
        client: { clientKey: 'waiting@client.example', name: 'Waiting', email: 'waiting@client.example', source: { tool: 'manual', label: 'Manual' } },
        category: 'advice-complaint',
        summary: 'Bench',
      });
      await callBackground(ana.options, 'requestApproval', { incidentId: waiting.id, remedyId: 'consult-refund', amount: 30000 });
      const forms: number[] = [];
      const lists: number[] = [];
      const setup = await phoneContext(browser);
      const probe = await setup.newPage();
      await probe.goto(pageUrl);
      await signIn(probe);
      const deadline = Date.now() + 30_000;
      while (!(await probe.getByRole('article').first().isVisible())) {
        if (Date.now() > deadline) throw new Error('the waiting request did not reach the phone within 30 s');
        await probe.getByRole('button', { name: 'Refresh' }).tap();
        await new Promise((r) => setTimeout(r, 250));
      }
      await setup.close();
      for (let run = 0; run < LOAD_RUNS; run++) {
        const { form, list } = await interactive(browser, pageUrl);
        forms.push(form);
        lists.push(list);
      }
      log(`navigation → sign-in form usable: ${forms.map(Math.round).join(', ')} ms; Sign in → requests shown: ${lists.map(Math.round).join(', ')} ms`);
      figures.push(measured(group, 'navigation → sign-in form usable, fresh phone, page clock (median)', median(forms), 'ms', { runs: LOAD_RUNS, target: atMost(1_000) }));
      figures.push(measured(group, 'tap on Sign in → the requests waiting shown, page clock (median)', median(lists), 'ms', { runs: LOAD_RUNS, target: atMost(1_000) }));

      const context = await phoneContext(browser);
      const page = await context.newPage();
      await page.goto(pageUrl);
      await signIn(page);
      await page.getByRole('article').first().waitFor({ state: 'visible' });
      const approveMs: number[] = [];
      try {
        for (let run = 0; run < APPROVE_RUNS; run++) approveMs.push(await approveOnce(ana, page, pageUrl, run));
        log(`approve on the phone → requester's panel: ${approveMs.join(', ')} ms`);
        figures.push(measured(group, "Approve on the phone → the requester's panel shows it (median)", median(approveMs), 'ms', { runs: APPROVE_RUNS, target: atMost(2_000) }));
      } catch (error) {
        figures.push(failed(group, "Approve on the phone → the requester's panel shows it", 'ms', error instanceof Error ? error.message : String(error), atMost(2_000)));
      } finally {
        await context.close();
      }
      return figures;
    } finally {
      await browser.close();
      await firm.close();
    }
  },
};
