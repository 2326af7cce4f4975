import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpLedger } from '../../scripts/ledger-setup';
import { buildPhonePage } from '../../scripts/phone-build';
import { parsePolicyText } from '../../utils/policy/parse';
import { axeViolations } from './axe';
import { callBackground } from './harness';
import { ANA, CARLA, PASSWORD, recordsOnServer, startFirm, type Firm, type Person } from './firm-ledger-harness';
import { until } from './firm-suite';

// The seed's story on a phone: Ana (front desk) asks for the $500 consultation refund in her side
// panel; Dev (partner, in court) opens the phone page the firm's own CouchDB serves, signs in from
// the link, approves with his thumb; Ana's panel, open all along, shows it granted with the credit
// note ready. A firm without a manager, so the request goes to the partner at once.

const DEV = 'dev.patel@harborpine.example';
const CLIENT = 'maya.chen@client.example';

let firm: Firm;
let ana: Person;
let browser: Browser;
let pageUrl: string;

beforeAll(async () => {
  await buildPhonePage();
  mkdirSync('test-output', { recursive: true });
  firm = await startFirm([ANA], {
    editPolicy: (policy) => {
      policy.staff = policy.staff.filter((s) => s.email !== CARLA);
    },
  });
  [ana] = firm.people as [Person];
  await firm.server.addUser(DEV, PASSWORD);
  // IT runs the setup again: the address to give partners is printed.
  const parsed = parsePolicyText(firm.policyText);
  if (!parsed.ok) throw new Error('bad policy');
  const lines = await setUpLedger(firm.server.databaseUrl('make-it-right', true), parsed.policy);
  pageUrl = lines.find((l) => l.startsWith('Approvals on a phone: '))!.slice('Approvals on a phone: '.length);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await firm?.close();
});

/** A phone: 390 × 844, touch, mobile viewport, with its own cookies. */
async function phone(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function signInAsDev(page: Page): Promise<void> {
  await page.getByLabel('Email').fill(DEV);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).tap();
}

async function panel(query: string): Promise<Page> {
  const page = await ana.session.context.newPage();
  await page.setViewportSize({ width: 400, height: 900 });
  await page.goto(`chrome-extension://${ana.session.extensionId}/sidepanel.html?${query}`);
  return page;
}

async function startIncident(summary: string) {
  return callBackground(ana.options, 'startIncident', {
    client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
    category: 'advice-complaint',
    summary,
  });
}

describe('approvals on a phone, served by the firm ledger', () => {
  it('the page is served by CouchDB with a strict policy, within 50 KB', async () => {
    expect(pageUrl).toBe(`${firm.databaseUrl}-phone/_design/page/index.html`);
    const response = await fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe');
  });

  it('Ana asks for the $500 refund; Dev approves from the link on his phone; Ana sees it granted with the credit note, live', async () => {
    const incident = await startIncident('The consultation went badly');
    const anaPanel = await panel(`client=${encodeURIComponent(CLIENT)}`);
    await anaPanel.getByRole('button', { name: 'Ask for approval' }).click();
    await until(() => anaPanel.getByText('through the firm ledger').first().isVisible()).toBe(true);
    const request = (await callBackground(ana.options, 'getIncident', { incidentId: incident.id }))!.remedies[0]!;
    expect(request).toMatchObject({ status: 'pending', amount: 50000 });
    // The request reaches the server, then the phone.
    await until(async () => (await recordsOnServer(firm, incident.id)).map((r) => r.type)).toContain('approval-requested');

    // The ready email to the partner: the request in one line, and the link to it on his phone.
    await anaPanel.evaluate(() => {
      window.open = (url?: string | URL) => {
        (window as unknown as { opened: string }).opened = String(url);
        return null;
      };
    });
    await anaPanel.getByRole('button', { name: 'Email the link to Dev Patel' }).click();
    const mailto = new URL(await anaPanel.evaluate(() => (window as unknown as { opened: string }).opened));
    expect(decodeURIComponent(mailto.pathname)).toBe(DEV);
    const body = mailto.searchParams.get('body')!;
    const link = `${pageUrl}#request=${encodeURIComponent(request.id)}`;
    expect(body).toContain(`Ana Ruiz asks you to approve Refund the consultation fee $500.00 for Maya Chen. Answer from your phone: ${link}`);

    const page = await phone(link);
    await signInAsDev(page);
    const item = page.getByRole('article', { name: 'Refund the consultation fee $500.00 for Maya Chen' });
    await until(() => item.isVisible()).toBe(true);
    await expect(item.textContent()).resolves.toContain('Asked by Ana Ruiz');
    await expect(item.textContent()).resolves.toContain('Given to this client in the last 12 months: $0.00');
    await expect(item.textContent()).resolves.toContain('Left within your authority: $2,000.00 in this incident, no limit for this client this year');
    // Large targets for a thumb.
    const approve = item.getByRole('button', { name: 'Approve' });
    const box = (await approve.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    // For the README: the phone page as a partner sees it.
    await page.screenshot({ path: 'test-output/phone-approval.png' });

    await approve.tap();
    await until(() => page.getByText(/^Approved: Refund the consultation fee \$500\.00 for Maya Chen, credit note CN-\d{4}-DP-0001\.$/).isVisible()).toBe(true);
    // Ana's panel, open all along, shows it granted by Dev, with the credit note, without a reload.
    await until(() => anaPanel.getByText(/^Approved by Dev Patel at .+\.$/).isVisible()).toBe(true);
    await expect(anaPanel.locator('.granted').textContent()).resolves.toMatch(/CN-\d{4}-DP-0001/);
    const stored = await callBackground(ana.options, 'getIncident', { incidentId: incident.id });
    expect(stored?.remedies[0]).toMatchObject({ status: 'granted', decision: 'approved', approvedBy: DEV, approvedByIdentity: 'approver-signed-in' });
    expect(stored?.setAside).toBeUndefined();
    await page.context().close();
  });

  it('Dev declines with a reason; Ana sees who declined and why; the page asks for the reason first', async () => {
    const incident = await startIncident('Asked for a second refund');
    await callBackground(ana.options, 'requestApproval', { incidentId: incident.id, remedyId: 'consult-refund', amount: 40000 });
    const page = await phone(pageUrl);
    await signInAsDev(page);
    const item = page.getByRole('article', { name: /\$400\.00 for Maya Chen/ });
    await until(() => item.isVisible()).toBe(true);
    // The client got $500 this year: Dev sees it before answering.
    await expect(item.textContent()).resolves.toContain('Given to this client in the last 12 months: $500.00');
    await item.getByRole('button', { name: 'Decline' }).tap();
    const submit = item.getByRole('button', { name: 'Decline' });
    await expect(submit.isDisabled()).resolves.toBe(true);
    await item.getByLabel('Reason').fill('Refunded once this year already');
    expect(await axeViolations(page)).toEqual([]);
    await submit.tap();
    await until(() => page.getByText('Declined: Refund the consultation fee $400.00 for Maya Chen.').isVisible()).toBe(true);
    await until(async () => (await callBackground(ana.options, 'getIncident', { incidentId: incident.id }))?.remedies[0]?.status).toBe('declined');
    const stored = await callBackground(ana.options, 'getIncident', { incidentId: incident.id });
    expect(stored?.remedies[0]).toMatchObject({ declinedBy: DEV, declineReason: 'Refunded once this year already' });
    await expect(page.getByText('Nothing waits for you.').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('a wrong password is said in words; a link to an answered request says it no longer waits', async () => {
    const page = await phone(`${pageUrl}#request=gone`);
    await page.getByLabel('Email').fill(DEV);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await until(() => page.getByRole('alert').textContent()).toContain('refused the password');
    await signInAsDev(page);
    await until(() => page.getByText('The request you followed no longer waits for you').isVisible()).toBe(true);
    await page.context().close();
  });

  it('Dev marks himself away on his phone: a past time is refused first, then his own record, seen in Ana\'s browser; I am back ends it', async () => {
    const awayOnServer = async () => {
      const range = `startkey=${encodeURIComponent(JSON.stringify(`away/${DEV}:`))}&endkey=${encodeURIComponent(JSON.stringify(`away/${DEV}:\uffff`))}`;
      const response = await firm.server.asAdmin(`${firm.server.databasePath('make-it-right')}/_all_docs?include_docs=true&${range}`);
      return ((await response.json()) as { rows: { doc: { author: string; at: number; until: number } }[] }).rows.map((r) => r.doc);
    };
    /** "2026-12-07T17:00" for the page's datetime-local field, in the phone's (this machine's) time. */
    const local = (at: number) => new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const page = await phone(pageUrl);
    await signInAsDev(page);
    const away = page.getByRole('region', { name: 'Away' });
    await until(() => away.isVisible()).toBe(true);
    const field = away.getByLabel('Away until');
    // A time already past: said in words before anything is sent.
    await field.fill(local(Date.now() - 3_600_000));
    await away.getByRole('button', { name: 'Mark me away' }).tap();
    await until(() => page.getByRole('alert').textContent()).toContain('Choose a time after now for when you are back.');
    expect(await awayOnServer()).toEqual([]);

    const back = new Date(local(Date.now() + 3 * 3_600_000)).getTime();
    await field.fill(local(back));
    const mark = away.getByRole('button', { name: 'Mark me away' });
    expect((await mark.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await mark.tap();
    await until(() => away.getByRole('status').textContent()).toMatch(/^You are away until .+\. Requests for your approval go to the next approver up\.$/);
    // His own record on the server, the one the extension would write; Ana's browser has it.
    expect(await awayOnServer()).toEqual([expect.objectContaining({ type: 'approver-away', author: DEV, until: back })]);
    await until(async () => (await callBackground(ana.options, 'listAway', undefined)).map((r) => [r.author, r.until])).toContainEqual([DEV, back]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);

    await away.getByRole('button', { name: 'I am back' }).tap();
    await until(() => away.getByRole('button', { name: 'Mark me away' }).isVisible()).toBe(true);
    const records = await awayOnServer();
    expect(records).toHaveLength(2);
    expect(records.some((r) => r.until === r.at)).toBe(true);
    await page.context().close();
  });

  it('the page speaks French on a French phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await until(() => page.getByLabel('Mot de passe').isVisible()).toBe(true);
    await expect(page.getByRole('button', { name: 'Se connecter' }).isVisible()).resolves.toBe(true);
    await context.close();
  });
});

// A stand-in the policy names: Dev's is Erin Kim, a second partner (a firm of its own, so the
// stories above keep one partner). Dev marks himself away on his phone; Ana's request skips him at
// once to Erin, her panel says why, and Erin approves from her phone.
describe('Dev away with Erin as his stand-in', () => {
  const ERIN = 'erin.kim@harborpine.example';
  let firm2: Firm;
  let ana2: Person;
  let page2: string;

  beforeAll(async () => {
    firm2 = await startFirm([ANA], {
      editPolicy: (policy) => {
        const staff = policy.staff as { email: string; name?: string; role?: string; code?: string; standIn?: string }[];
        policy.staff = staff.filter((s) => s.email !== CARLA);
        staff.find((s) => s.email === DEV)!.standIn = ERIN;
        policy.staff.push({ email: ERIN, name: 'Erin Kim', role: 'partner', code: 'EK' } as (typeof policy.staff)[number]);
      },
    });
    [ana2] = firm2.people as [Person];
    await firm2.server.addUser(DEV, PASSWORD);
    await firm2.server.addUser(ERIN, PASSWORD);
    const parsed = parsePolicyText(firm2.policyText);
    if (!parsed.ok) throw new Error('bad policy');
    const lines = await setUpLedger(firm2.server.databaseUrl('make-it-right', true), parsed.policy);
    page2 = lines.find((l) => l.startsWith('Approvals on a phone: '))!.slice('Approvals on a phone: '.length);
  }, 240_000);

  afterAll(async () => {
    await firm2?.close();
  });

  it('Erin is asked at once, Ana\'s panel says "Dev Patel is away until …; asked Erin Kim", and Erin approves on her phone', async () => {
    const dev = await phone(page2);
    await signInAsDev(dev);
    const away = dev.getByRole('region', { name: 'Away' });
    await until(() => away.isVisible()).toBe(true);
    await away.getByRole('button', { name: 'Mark me away' }).tap();
    await until(() => away.getByRole('status').textContent()).toMatch(/^You are away until .+\. Requests for your approval go to Erin Kim\.$/);

    await callBackground(ana2.options, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'advice-complaint',
      summary: 'Asked while Dev is in court',
    });
    await until(async () => (await callBackground(ana2.options, 'listAway', undefined)).some((r) => r.author === DEV)).toBe(true);
    const anaPanel = await ana2.session.context.newPage();
    await anaPanel.setViewportSize({ width: 400, height: 900 });
    await anaPanel.goto(`chrome-extension://${ana2.session.extensionId}/sidepanel.html?client=${encodeURIComponent(CLIENT)}`);
    // Before asking: who is skipped and who is asked instead.
    await until(() => anaPanel.getByTestId('route').first().textContent()).toMatch(/^Dev Patel is away until .+; asked Erin Kim\. Erin Kim \(Partner\) is asked first\.$/);
    await anaPanel.getByRole('button', { name: 'Ask for approval' }).click();
    await until(() => anaPanel.locator('.pending').last().textContent()).toMatch(
      /Dev Patel is away until .+; asked Erin Kim\. Asked Erin Kim \(Partner\) through the firm ledger: the answer shows here\./,
    );

    // Erin's phone lists it; Dev's, while he is away, does not.
    const erin = await phone(page2);
    await erin.getByLabel('Email').fill(ERIN);
    await erin.getByLabel('Password').fill(PASSWORD);
    await erin.getByRole('button', { name: 'Sign in' }).tap();
    const item = erin.getByRole('article', { name: 'Refund the consultation fee $500.00 for Maya Chen' });
    await until(() => item.isVisible()).toBe(true);
    await dev.getByRole('button', { name: 'Refresh' }).tap();
    await until(() => dev.getByText('Nothing waits for you.').isVisible()).toBe(true);

    await item.getByRole('button', { name: 'Approve' }).tap();
    await until(() => erin.getByText(/^Approved: Refund the consultation fee \$500\.00 for Maya Chen, credit note CN-\d{4}-EK-0001\.$/).isVisible()).toBe(true);
    await until(() => anaPanel.getByText(/^Approved by Erin Kim at .+\.$/).isVisible()).toBe(true);
    await dev.context().close();
    await erin.context().close();
  });
});
