import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { ROOT, callBackground, launchExtension, openOptions, screenshotPath, type ExtensionSession } from './harness';
import { seedExport } from '../fixtures/dashboard/seed';

// A partner opens the Dashboard from the options page over a seeded firm (tests/fixtures/dashboard/
// seed.ts, imported through the background as the options page imports a ledger): the figures read
// are the expected ones, Try in the editor opens the policy editor with the suggested limit as a
// draft, the printed report fits its pages and axe finds no WCAG A/AA violation.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');

let session: ExtensionSession;
let dashboard: Page;

beforeAll(async () => {
  session = await launchExtension();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'dev.patel@harborpine.example' });
  await callBackground(options, 'importLedger', { text: seedExport(Date.now()) });
  await options.reload();
  const link = options.getByRole('link', { name: 'Dashboard', exact: true });
  expect(await link.getAttribute('href')).toBe('dashboard.html');
  const [opened] = await Promise.all([session.context.waitForEvent('page'), link.click()]);
  dashboard = opened;
  await dashboard.locator('[data-testid="dashboard-ready"][data-complete="true"]').waitFor();
  await options.close();
});

afterAll(async () => {
  await session?.close();
});

/** The cells of a table's body rows, by the caption of its figure. */
async function rowsOf(page: Page, caption: string): Promise<string[][]> {
  const figure = page.locator('figure').filter({ has: page.locator('figcaption', { hasText: caption }) }).first();
  return figure.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())));
}

async function pdfPages(page: Page, format: 'A4' | 'Letter'): Promise<number> {
  const pdf = await page.pdf({ format, printBackground: false });
  writeFileSync(screenshotPath(`dashboard-report-${format}.pdf`), pdf);
  if (format === 'A4') {
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: screenshotPath('dashboard-print.png'), fullPage: true });
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1200, height: 900 });
  }
  // The page tree's root counts every page.
  const counts = [...pdf.toString('latin1').matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return Math.max(0, ...counts);
}

describe('the dashboard', () => {
  it('says whose incidents it covers and over which period', async () => {
    expect(await dashboard.getByTestId('coverage').textContent()).toMatch(/^Covers this browser only/);
    expect(await dashboard.locator('.report-header .firm').textContent()).toMatch(/^Harbor & Pine CPAs · .+ to .+, New York time$/);
    expect(await dashboard.getByTestId('counted').textContent()).toBe('28 incidents in the period.');
  });

  it('shows the figures a partner reads', async () => {
    expect(await dashboard.getByTestId('first-call-headline').textContent()).toBe(
      '85% of clients were given a remedy within an hour, 100% within 48 hours. Median time to the first remedy: 31 min.',
    );
    expect(await dashboard.getByTestId('on-the-spot').textContent()).toBe('30% of remedies were given on the spot (6 of 20); the rest after an approval.');
    expect(await rowsOf(dashboard, 'Approvals by approver')).toEqual([['Carla Meyer', '15', '1', '38 min', '1 h 15 min', '10']]);
    expect(await rowsOf(dashboard, 'Clients with two or more incidents in 365 days')).toMatchObject([['Alice Example', '2', '$0.00', expect.any(String)]]);
    const categories = await rowsOf(dashboard, 'Incidents and amounts by category');
    expect(categories[0]).toEqual(['Documents sent the wrong way', '14', '$473.00']);
    expect(await dashboard.getByTestId('suggestions').locator('li').first().locator('p').first().textContent()).toBe(
      'Front desk asked 14 times for “Credit the courier fee” of up to $40.00; all approved; median wait 37 min. A $40.00 per-incident limit would have served these 14 clients on the first call.',
    );
    await dashboard.emulateMedia({ colorScheme: 'light' });
    await dashboard.setViewportSize({ width: 1200, height: 900 });
    await dashboard.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });
  });

  it('exports a chart’s table as CSV', async () => {
    const figure = dashboard.locator('figure').filter({ has: dashboard.locator('figcaption', { hasText: 'Approvals by approver' }) });
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      figure.getByRole('button', { name: 'Export CSV: Approvals by approver' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^dashboard-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-approvals\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n').slice(0, 2)).toEqual([
      '"Approver","Email","Answered","Declined","Median wait (minutes)","Slowest wait (minutes)","Escalated"',
      '"Carla Meyer","carla.meyer@harborpine.example",15,1,38,75,10',
    ]);
  });

  it('opens the policy editor with the suggested limit as a draft, the table showing its effect', async () => {
    const link = dashboard.getByRole('link', { name: 'Try in the editor: Front desk at $40.00 per incident' });
    const [editor] = await Promise.all([session.context.waitForEvent('page'), link.click()]);
    const perIncident = editor.getByRole('group', { name: 'Front desk', exact: true }).getByLabel('Per incident', { exact: true });
    await perIncident.waitFor();
    expect(await perIncident.inputValue()).toBe('40');
    expect(await editor.getByText(/^A draft from the dashboard: Front desk, per incident, from \$25\.00 to \$40\.00\./).count()).toBe(1);
    const table = editor.getByRole('table', { name: 'What each role may do' });
    const courierAt40 = table.getByRole('row', { name: /^Credit the courier fee.*\$40\.00/ }).getByRole('cell');
    expect(await courierAt40.nth(0).textContent()).toBe('on the spot');
    // Back to the policy in force, the same row asks a manager.
    await perIncident.fill('25');
    await expect.poll(() => courierAt40.nth(0).textContent()).toBe('ask Manager');
    await editor.close();
  });

  it('prints as a report of one or two pages, A4 and Letter', async () => {
    for (const format of ['A4', 'Letter'] as const) {
      const pages = await pdfPages(dashboard, format);
      expect(pages, format).toBeGreaterThanOrEqual(1);
      expect(pages, format).toBeLessThanOrEqual(2);
    }
  });

  it('has no WCAG A/AA violations, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await dashboard.emulateMedia({ colorScheme });
      const violations = await axeViolations(dashboard);
      expect(violations, `${colorScheme}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
    }
  });

  it('is linked from the panel of a role that approves, and not from front desk’s', async () => {
    const panel = await session.context.newPage();
    await panel.goto(`chrome-extension://${session.extensionId}/sidepanel.html`);
    await panel.getByRole('link', { name: 'Dashboard' }).waitFor();
    await callBackground(panel, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
    await panel.reload();
    await panel.getByRole('tab', { name: 'This client' }).waitFor();
    expect(await panel.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    await panel.close();
  });
});
