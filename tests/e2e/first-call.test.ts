import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstCall } from './suites/first-call';
import {
  ROOT,
  callBackground,
  gmailThreadWithInlineReply,
  launchExtension,
  openOptions,
  openSidePanel,
  pageDriver,
  routeFixture,
  screenshotPath,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The first call, end to end in Chromium: a client writes about a courier fee charged twice; Ana at
// the front desk opens the panel next to the Gmail thread, logs the mistake, grants the courier
// credit and drops the credit note into the reply, all inside her authority (the story every browser
// shares: tests/e2e/suites/first-call.ts), then ticks the first steps, weighs a refund above her
// authority and resolves. The panel is a side panel of real size (360 × 800): each next button is on
// screen without scrolling, and focus moves to it (or to the outcome) as the call goes on.

const PANEL = { width: 360, height: 800 };

/** How far the page would have to scroll for all of `target` to be on screen (0 when it is). */
async function scrollNeeded(target: Locator): Promise<number> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return Math.round(Math.max(0, box.bottom - window.innerHeight, -box.top));
  });
}

async function expectOnScreen(panel: Page, target: Locator, name: string): Promise<void> {
  expect(await scrollNeeded(target), `${name} is on screen without scrolling`).toBe(0);
  expect(await panel.evaluate(() => window.scrollY), `${name}: the panel did not scroll`).toBe(0);
}

const focused = (panel: Page) =>
  panel.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el && el !== document.body ? `${el.tagName}:${el.textContent?.trim().slice(0, 40) ?? ''}` : null;
  });

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');

let session: ExtensionSession;
let gmail: Page;
let panel: Page;

beforeAll(async () => {
  session = await launchExtension();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  await options.close();
  await routeFixture(session.context, 'https://mail.google.com/**', () => gmailThreadWithInlineReply());
  gmail = await session.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
  panel = await openSidePanel(session, await tabIdOf(session, gmail), PANEL);
});

afterAll(async () => {
  await session?.close();
});

// The four clicks (tests/e2e/suites/first-call.ts), and at each moment what a side panel of real
// size shows: the next button on screen without scrolling, and focus on it or on the outcome.
firstCall('Chromium', () => ({
  panel: pageDriver(panel),
  reply: () => gmail.locator('.M9 [contenteditable=true]').innerText(),
  at: async (moment) => {
    const grant = panel.getByRole('button', { name: 'Grant' });
    const creditNote = panel.getByRole('region', { name: 'Credit note' });
    if (moment === 'open') {
      await panel.emulateMedia({ colorScheme: 'light' });
      await panel.screenshot({ path: screenshotPath('panel-start-light.png'), fullPage: true });
      await panel.screenshot({ path: screenshotPath('first-call-1-open.png') });
      await expectOnScreen(panel, panel.getByRole('radio', { name: 'Documents sent the wrong way' }), 'the category');
      await expectOnScreen(panel, panel.getByRole('button', { name: 'Start incident' }), 'Start incident');
    } else if (moment === 'started') {
      // The remedy and its Grant button are on screen, and Grant has the focus.
      await expect.poll(() => focused(panel)).toBe('BUTTON:Grant');
      await expectOnScreen(panel, grant, 'Grant');
      const suggested = panel.getByRole('radio', { name: /^Credit the courier fee/ });
      await expectOnScreen(panel, suggested, 'the suggested remedy');
      expect(await suggested.isChecked()).toBe(true);
      // The card's figure is what is left now, before this grant, and says so.
      expect(await panel.getByRole('region', { name: 'Your authority' }).locator('.left').first().textContent()).toBe('Left for this client this year, now$100.00');
      await panel.screenshot({ path: screenshotPath('first-call-2-started.png') });
    } else if (moment === 'granted') {
      // Focus is on the outcome, and the credit note's Insert is on screen next to it.
      expect(await focused(panel)).toMatch(/^P:Granted: Credit the courier fee/);
      await expectOnScreen(panel, creditNote.getByRole('button', { name: 'Insert into email' }), 'Insert into email');
      await panel.screenshot({ path: screenshotPath('first-call-3-granted.png') });
    } else {
      await panel.screenshot({ path: screenshotPath('first-call-4-inserted.png') });
      expect(await panel.evaluate(() => window.scrollY), 'the panel did not scroll').toBe(0);
    }
  },
}));

describe('the first call, in the side panel', () => {
  it('offers only the templates that fit, sends the credit note to the client, and ticks what the grant did', async () => {
    const creditNote = panel.getByRole('region', { name: 'Credit note' });
    // Only the templates that fit a courier credit: no gift to apologise with.
    expect(await panel.getByRole('region', { name: 'Apology with a gift' }).count()).toBe(0);
    expect(await panel.getByRole('region', { name: 'Apology' }).locator('.body').textContent()).toContain(
      'Here is what we are doing to put it right: a credit of $20.00 for the courier fee',
    );
    await panel.locator('.templates').screenshot({ path: screenshotPath('first-call-templates.png') });

    // Carla's internal note is the thread's latest message: the credit note still goes to Alice.
    expect(await gmail.locator('.M9 div[name=to] [data-hovercard-id]').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-hovercard-id')))).toEqual([
      'alice.baker@bakerbakery.example',
    ]);
    // Ticking the steps done on the call is bookkeeping, not part of the repair's click count; the
    // steps due now are shown, the later ones folded.
    // The grant itself completed the steps the policy says a grant completes.
    expect(await panel.getByRole('checkbox', { name: 'Make it up within your authority', exact: true }).isChecked()).toBe(true);
    expect(await panel.getByRole('checkbox', { name: 'Record what was given', exact: true, includeHidden: true }).isChecked()).toBe(true);
    await panel.getByRole('checkbox', { name: 'Acknowledge the mistake plainly', exact: true }).check();
    await panel.getByRole('checkbox', { name: 'Apologize personally', exact: true }).check();
    await expect.poll(() => panel.getByText(/done by Ana Ruiz at/).count()).toBe(4);

    expect(await panel.getByRole('checkbox', { name: 'Follow up the next day', exact: true }).isVisible()).toBe(false);
    const body = gmail.locator('.M9 [contenteditable=true]');
    // Insert again: the credit note is already in the reply, and it is not added a second time.
    await creditNote.getByRole('button', { name: 'Insert into email' }).click();
    await creditNote.getByText('This text is already in the email to Alice Baker (alice.baker@bakerbakery.example): nothing was added.').waitFor();
    expect((await body.innerText()).split('Dear Alice,')).toHaveLength(2);

    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot({ path: screenshotPath('panel-light.png'), fullPage: true });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: screenshotPath('panel-dark.png'), fullPage: true });
    await panel.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a front-desk person that a manager must approve the $500 consultation refund, and a partner above a manager\'s limit', async () => {
    await panel.getByRole('button', { name: 'Give another remedy' }).click();
    // The courier incident's own remedy is offered; the others are folded away.
    expect(await panel.getByRole('radio', { name: /^Refund the consultation fee/ }).isVisible()).toBe(false);
    await panel.getByText('Other remedies (4)').click();
    await panel.getByRole('radio', { name: /^Refund the consultation fee/ }).check();
    expect(await panel.getByLabel('Amount (USD)').inputValue()).toBe('500.00');
    const decision = panel.locator('.decision');
    // With the $20 credit already in this incident, $500 more is above a manager's $500 per incident.
    expect(await decision.textContent()).toContain('a Partner must approve');
    expect(await decision.textContent()).toContain('Ask Dev Patel (Partner)');
    await panel.getByLabel('Amount (USD)').fill('480');
    expect(await decision.textContent()).toContain('a Manager must approve');
    expect(await decision.textContent()).toContain('Ask Carla Meyer (Manager)');
    expect(await panel.getByRole('button', { name: 'Grant' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Ask for approval' }).isVisible()).toBe(true);

    // Why a partner: the refund adds up with the courier credit. The consultation the client is
    // unhappy with is a mistake of its own: the panel offers a new incident, where a manager approves.
    await panel.getByLabel('Amount (USD)').fill('500');
    expect(await decision.textContent()).toContain(
      "With the $20.00 already given in this incident, that makes $520.00: above a Manager's $500.00 per-incident limit, so a Partner must approve.",
    );
    const offer = panel.getByRole('group', { name: /is not among the suggestions/ });
    expect(await offer.textContent()).toContain('In a new incident, Carla Meyer (Manager) would approve it.');
    await panel.locator('.make-it-up').screenshot({ path: screenshotPath('first-call-5-elsewhere.png') });
    await offer.getByRole('button', { name: 'Start a new incident for this' }).click();
    const form = panel.getByRole('form', { name: 'New incident for Refund the consultation fee' });
    expect(await form.getByRole('radio', { name: 'Unhappy with advice given' }).isChecked()).toBe(true);
    await expect.poll(() => focused(panel)).toBe('BUTTON:Start incident');
    expect(await scrollNeeded(form.getByRole('button', { name: 'Start incident' })), 'Start incident on screen').toBe(0);
    await form.getByLabel('One-line summary').fill('Advice in the first consultation was wrong');
    await form.getByRole('button', { name: 'Start incident' }).click();
    await panel.getByText('Advice in the first consultation was wrong').first().waitFor();
    await expect.poll(() => panel.getByLabel('Amount (USD)').inputValue()).toBe('500.00');
    expect(await panel.getByRole('radio', { name: /^Refund the consultation fee/ }).isChecked()).toBe(true);
    expect(await decision.textContent()).toContain('a Manager must approve');
    expect(await decision.textContent()).toContain('Ask Carla Meyer (Manager)');
    expect(await decision.textContent()).not.toContain('Partner');
    expect(await panel.getByRole('button', { name: 'Grant' }).count()).toBe(0);
    await expect.poll(() => focused(panel)).toBe('BUTTON:Ask for approval');
    expect(await scrollNeeded(panel.getByRole('button', { name: 'Ask for approval' })), 'Ask for approval on screen').toBe(0);
    await panel.locator('.make-it-up').screenshot({ path: screenshotPath('panel-needs-approval.png') });
  });

  it('keeps every control reachable by keyboard with a visible focus ring', async () => {
    // Nothing given yet in this incident: the apology goes out once it says what is being done.
    await panel.getByLabel('What we are doing to put it right').fill('A partner is reviewing the advice this week.');
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await panel.keyboard.press('Tab');
      const focus = await panel.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          name: `${el.tagName}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!focus) continue;
      expect(focus.outline, `${focus.name} shows where focus is`).toBe(true);
      seen.add(focus.name);
    }
    expect([...seen]).toEqual(
      expect.arrayContaining(['BUTTON:Ask for approval', 'BUTTON:Insert into email', 'BUTTON:Copy']),
    );
  });

  it('resolves only after showing what is still open, offers Undo, and lists what falls due first', async () => {
    await panel.getByRole('tab', { name: 'Incidents' }).click();
    const items = panel.locator('.incident-item');
    await expect.poll(() => items.count()).toBe(2);
    // The advice incident has a step overdue; the courier incident's next step is due tomorrow.
    expect(await items.nth(1).textContent()).toContain('Courier fee charged twice');
    expect(await items.nth(1).textContent()).toMatch(/Next: Correct the mistake, due in 2[34] h/);
    const advice = items.nth(0);
    expect(await advice.textContent()).toContain('Advice in the first consultation was wrong');
    expect(await advice.textContent()).toMatch(/1 step overdue: Acknowledge the mistake plainly/);
    await advice.getByRole('button', { name: 'Resolve' }).click();
    const confirm = advice.getByRole('group', { name: 'Still open in this incident:' });
    expect(await confirm.textContent()).toContain('Follow up the next day');
    await expect.poll(() => focused(panel)).toBe('BUTTON:Resolve anyway');
    expect(await scrollNeeded(confirm.getByRole('button', { name: 'Resolve anyway' })), 'Resolve anyway on screen').toBe(0);
    await panel.screenshot({ path: screenshotPath('incidents-resolve-confirm.png') });
    await confirm.getByRole('button', { name: 'Resolve anyway' }).click();
    await panel.getByText('Resolved: Alice Baker, Advice in the first consultation was wrong.').waitFor();
    await panel.getByRole('button', { name: 'Undo' }).click();
    await panel.getByText('Open again: Alice Baker, Advice in the first consultation was wrong.').waitFor();
    await expect.poll(() => items.count()).toBe(2);
    await panel.getByRole('tab', { name: 'This client' }).click();
  });
});
