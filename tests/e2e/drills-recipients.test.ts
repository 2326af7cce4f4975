import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  callBackground,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  withInlineReply,
  type ExtensionSession,
} from './harness';

// Drill: the words reach only the person they were written for. In Gmail and Outlook, with a
// colleague's internal note as the conversation's latest message, the credit note goes into a reply
// to the client; an open reply to the colleague gets a warning, not the text; and with a reply to
// the client open, Ask for approval writes a new email to the approvers only, leaving the client's
// reply exactly as it was.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const FIRM = '@harborpine.example';

interface Site {
  name: string;
  url: string;
  glob: string;
  fixture: string;
  client: { name: string; email: string };
  /** The page's compose windows: recipients (lower-case addresses) and body text. */
  composes(page: Page): Promise<{ to: string[]; body: string }[]>;
  /** Opens a reply on the message from `email` (the person's own click in the page). */
  replyTo(page: Page, email: string): Promise<void>;
  /** The body of the reply on the message from `email`. */
  replyBody(page: Page, email: string): ReturnType<Page['locator']>;
}

const gmail: Site = {
  name: 'Gmail',
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN',
  glob: 'https://mail.google.com/**',
  fixture: 'gmail/thread.html',
  client: { name: 'Alice Baker', email: 'alice.baker@bakerbakery.example' },
  composes: (page) =>
    page.$$eval('div.M9', (composes) =>
      composes.map((c) => ({
        to: [
          ...[...c.querySelectorAll('div[name=to] [data-hovercard-id]')].map((chip) => chip.getAttribute('data-hovercard-id')!),
          ...(c.querySelector<HTMLInputElement>('div[name=to] input')?.value ?? '').split(','),
        ]
          .map((a) => a.trim().toLowerCase())
          .filter(Boolean),
        body: (c.querySelector<HTMLElement>('[role=textbox]')?.innerText ?? '').replace(/\u00a0/g, ' '),
      })),
    ),
  replyTo: (page, email) =>
    page.locator('div.adn', { has: page.locator(`span.gD[email="${email}" i]`) }).last().locator('div[role=button].aaq').click(),
  replyBody: (page, email) =>
    page.locator(`div.adn:has(span.gD[email="${email}" i]) + div.M9 [role=textbox]`).last(),
};

const outlook: Site = {
  name: 'Outlook',
  url: 'https://outlook.office.com/mail/inbox/id/AAQk2',
  glob: 'https://outlook.office.com/**',
  fixture: 'outlook/thread-colleague-last.html',
  client: { name: 'Helen Ward', email: 'helen@wardarchitects.example' },
  composes: (page) =>
    page.$$eval('[aria-label="Compose"]', (composes) =>
      composes.map((c) => ({
        to: [
          ...[...c.querySelectorAll('[aria-label="To"] [title]')].map((pill) => pill.getAttribute('title')!),
          ...(c.querySelector('[aria-label="To recipients"]')?.textContent ?? '').split(';'),
        ]
          .map((a) => a.trim().toLowerCase())
          .filter(Boolean),
        body: (c.querySelector<HTMLElement>('[aria-label="Message body"]')?.innerText ?? '').replace(/\u00a0/g, ' '),
      })),
    ),
  replyTo: (page, email) =>
    page.locator('[aria-label="Email message"]', { has: page.locator(`[title="${email}" i]`).first() }).first().locator('button[aria-label="Reply"]').click(),
  replyBody: (page, email) =>
    page.locator('[aria-label="Email message"]', { has: page.locator(`[aria-label^="From:"] [title="${email}" i]`) }).locator('[aria-label="Message body"]'),
};

let session: ExtensionSession;
const counts = {
  creditNotes: 0,
  creditNotesToClient: 0,
  creditNotesToOthers: 0,
  repliesToColleague: 0,
  warned: 0,
  insertedUnasked: 0,
  approvals: 0,
  approvalsInClientReply: 0,
  approvalsToClient: 0,
  approvalsToApproversOnly: 0,
};

beforeAll(async () => {
  session = await launchExtension();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  await options.close();
  for (const site of [gmail, outlook]) await routeFixture(session.context, site.glob, () => withInlineReply(site.fixture));
});

afterAll(async () => {
  console.log(
    `Recipients drill: ${counts.creditNotes} credit notes inserted with a colleague's note as the latest message, ` +
      `${counts.creditNotesToClient} in a reply to the client, ${counts.creditNotesToOthers} to anyone else; ` +
      `${counts.repliesToColleague} open replies to a colleague, ${counts.warned} warned, ${counts.insertedUnasked} inserted unasked; ` +
      `${counts.approvals} approval requests with a reply to the client open, ${counts.approvalsInClientReply} written into the client's reply, ` +
      `${counts.approvalsToClient} addressed to the client, ${counts.approvalsToApproversOnly} new emails to the approvers only`,
  );
  await session?.close();
});

/** The site's page and a side panel on it, showing the detected client. */
async function open(site: Site): Promise<{ page: Page; panel: Page }> {
  const page = await session.context.newPage();
  await page.goto(site.url);
  const panel = await openSidePanel(session, await tabIdOf(session, page), { width: 360, height: 800 });
  const heading = panel.getByRole('region', { name: 'Client' }).getByRole('heading', { level: 1 });
  await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe(site.client.name);
  return { page, panel };
}

/** Starts an incident with the courier credit granted, unless the client already has one open. */
async function creditGranted(panel: Page): Promise<void> {
  const creditNote = panel.getByRole('region', { name: 'Credit note' });
  const start = panel.getByRole('button', { name: 'Start incident' });
  // The new-incident form shows until the client's history has arrived, then folds if one is open.
  await panel.getByRole('list', { name: 'History' }).waitFor({ timeout: 15_000 });
  await expect.poll(async () => (await creditNote.count()) + (await start.count()), { timeout: 10_000 }).toBeGreaterThan(0);
  if ((await start.count()) > 0) {
    await panel.getByRole('radio', { name: 'Documents sent the wrong way' }).click();
    await start.click();
    await panel.getByRole('button', { name: 'Grant' }).click();
    await panel.getByText(/^Granted: /).waitFor();
  }
}

async function insertCreditNote(panel: Page): Promise<string> {
  const creditNote = panel.getByRole('region', { name: 'Credit note' });
  await creditNote.getByRole('button', { name: 'Insert into email' }).click();
  const status = creditNote.locator('.message');
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

describe.each([gmail, outlook])('$name: the words reach only the person they were written for', (site) => {
  it('with a colleague\'s note as the latest message, the credit note goes into a reply to the client, and the panel says so', async () => {
    const { page, panel } = await open(site);
    await creditGranted(panel);
    const said = await insertCreditNote(panel);
    counts.creditNotes += 1;
    expect(said).toBe(`Inserted the text into the email to ${site.client.name} (${site.client.email}).`);
    const composes = await site.composes(page);
    expect(composes).toHaveLength(1);
    if (composes[0]!.to.join() === site.client.email) counts.creditNotesToClient += 1;
    else counts.creditNotesToOthers += 1;
    expect(composes[0]!.to).toEqual([site.client.email]);
    expect(composes[0]!.body).toContain('We have given you a credit of $20.00 for the courier fee');
    expect(await site.replyBody(page, site.client.email).innerText()).toContain('We have given you a credit of $20.00');
    await Promise.all([panel.close(), page.close()]);
  });

  it('an open reply to a colleague gets a warning before anything is inserted, and the text only after "Insert anyway"', async () => {
    const { page, panel } = await open(site);
    await creditGranted(panel);
    await site.replyTo(page, 'carla.meyer@harborpine.example');
    counts.repliesToColleague += 1;
    const said = await insertCreditNote(panel);
    if (said.startsWith('The open email is addressed to Carla Meyer')) counts.warned += 1;
    expect(said).toBe(`The open email is addressed to Carla Meyer (carla.meyer@harborpine.example), not ${site.client.name} (${site.client.email}). Nothing was inserted.`);
    const [colleagueReply] = await site.composes(page);
    if (colleagueReply!.body.trim() !== '') counts.insertedUnasked += 1;
    expect(colleagueReply).toEqual({ to: ['carla.meyer@harborpine.example'], body: expect.stringMatching(/^\s*$/) });
    await panel.getByRole('region', { name: 'Credit note' }).getByRole('button', { name: 'Insert anyway' }).click();
    await expect.poll(async () => (await site.composes(page))[0]!.body).toContain('We have given you a credit of $20.00');
    await Promise.all([panel.close(), page.close()]);
  });

  it('with a reply to the client open and half written, Ask for approval leaves it untouched and writes a new email to the approver only', async () => {
    const { page, panel } = await open(site);
    await creditGranted(panel);
    await site.replyTo(page, site.client.email);
    const reply = site.replyBody(page, site.client.email);
    await reply.click();
    await page.keyboard.type('Dear client, we are looking into it');
    const before = await site.composes(page);

    await panel.getByRole('button', { name: 'Give another remedy' }).click();
    await panel.getByRole('radio', { name: /^Credit the courier fee/ }).check();
    await panel.getByLabel(/^Amount/).fill('30');
    const decision = (await panel.locator('.decision').textContent()) ?? '';
    const approver = /Ask (.+?) \(/.exec(decision)?.[1];
    expect(approver, decision).toBeTruthy();
    await panel.getByRole('button', { name: 'Ask for approval' }).click();
    await panel.getByText(/^Marked pending\. /).waitFor();
    counts.approvals += 1;

    const after = await site.composes(page);
    const clientReply = after.find((c) => c.to.includes(site.client.email));
    const fresh = after.filter((c) => !before.some((b) => b.to.join() === c.to.join() && b.body === c.body));
    if (clientReply && clientReply.body !== before[0]!.body) counts.approvalsInClientReply += 1;
    if (after.some((c) => c.body.includes('Please reply to approve') && c.to.includes(site.client.email))) counts.approvalsToClient += 1;
    const approverEmails = fresh.flatMap((c) => c.to);
    if (fresh.length === 1 && approverEmails.length > 0 && approverEmails.every((a) => a.endsWith(FIRM))) counts.approvalsToApproversOnly += 1;

    expect(clientReply).toEqual(before[0]);
    expect(clientReply!.body).toBe('Dear client, we are looking into it');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.to.length).toBe(1);
    expect(fresh[0]!.to[0]!.endsWith(FIRM)).toBe(true);
    expect(fresh[0]!.body).toContain(`Hello ${approver!.split(' ')[0]},`);
    expect(fresh[0]!.body).toContain('Please reply to approve');
    expect(await panel.getByText(/^Marked pending\. /).textContent()).toContain(`Wrote a new email to ${approver} (`);
    await Promise.all([panel.close(), page.close()]);
  });
});
