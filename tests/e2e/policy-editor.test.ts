import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { ROOT, callBackground, launchExtension, openOptions, screenshotPath, type ExtensionSession } from './harness';

// A partner decides in advance: in the policy editor, Front desk's per-incident limit goes from $25
// to $15 and the courier credit becomes a manager's call; a negative limit is refused where it was
// typed; Download and Use stay in view; the draft's playbook says the new limit; the file downloaded
// carries the newer version the editor gave it and passes the admins' check; Front desk's playbook
// says it and prints.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const run = promisify(execFile);

let session: ExtensionSession;
let editor: Page;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'mir-editor-'));
  session = await launchExtension();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  const link = options.getByRole('link', { name: 'Policy editor' });
  expect(await link.getAttribute('href')).toBe('policy-editor.html');
  const [opened] = await Promise.all([session.context.waitForEvent('page'), link.click()]);
  editor = opened;
  await options.close();
});

afterAll(async () => {
  await session?.close();
  rmSync(folder, { recursive: true, force: true });
});

function courierCell(page: Page) {
  const table = page.getByRole('table', { name: 'What each role may do' });
  // Column 1 is the remedy (a row header); Front desk is the first role column.
  return table.getByRole('row', { name: /^Credit the courier fee/ }).getByRole('cell').nth(0);
}

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the policy editor', () => {
  it('opens on the policy in force and shows what each role may do', async () => {
    await editor.waitForURL(/policy-editor\.html$/);
    const frontDesk = editor.getByRole('group', { name: 'Front desk', exact: true });
    await frontDesk.getByLabel('Per incident', { exact: true }).waitFor();
    expect(await frontDesk.getByLabel('Per incident', { exact: true }).inputValue()).toBe('25');
    expect(await frontDesk.getByLabel('Per client per year', { exact: true }).inputValue()).toBe('100');
    expect(await courierCell(editor).textContent()).toBe('on the spot');
    const table = editor.getByRole('table', { name: 'What each role may do' });
    const refund = table.getByRole('row', { name: /^Refund the consultation fee/ }).getByRole('cell');
    expect(await refund.allTextContents()).toEqual(['ask Manager', 'ask Manager', 'on the spot', 'on the spot']);
  });

  it('turns the courier credit into a manager’s call when Front desk’s limit goes to $15', async () => {
    const perIncident = editor.getByRole('group', { name: 'Front desk', exact: true }).getByLabel('Per incident', { exact: true });
    await perIncident.fill('15');
    await expect.poll(() => courierCell(editor).textContent()).toBe('ask Manager');
    expect(await editor.getByText('Nothing left to fix.').count()).toBe(1);
    await editor.emulateMedia({ colorScheme: 'light' });
    await editor.getByRole('region', { name: 'What each role may do' }).screenshot({ path: screenshotPath('editor-table.png') });
  });

  it('refuses a negative limit beside the field, and will not download it', async () => {
    const frontDesk = editor.getByRole('group', { name: 'Front desk', exact: true });
    const perIncident = frontDesk.getByLabel('Per incident', { exact: true });
    await perIncident.fill('-5');
    expect(await perIncident.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await perIncident.getAttribute('aria-describedby')) ?? '';
    const message = editor.locator(`[id="${describedBy.split(' ')[0]}"]`);
    expect(await message.textContent()).toBe('must not be negative');
    // Beside the field: in the same field block, right under the input.
    const sameField = await perIncident.evaluate((input, id) => input.parentElement?.contains(document.getElementById(id)) ?? false, describedBy.split(' ')[0]!);
    expect(sameField).toBe(true);
    expect(await editor.getByRole('status').filter({ hasText: 'problem left to fix' }).textContent()).toContain(
      'Per incident: must not be negative.',
    );
    expect(await editor.getByRole('button', { name: 'Download policy' }).isDisabled()).toBe(true);
    expect(await editor.getByRole('button', { name: 'Use on this computer' }).isDisabled()).toBe(true);
    await frontDesk.screenshot({ path: screenshotPath('editor-negative-limit.png') });
    await perIncident.fill('15');
    await expect.poll(() => editor.getByRole('button', { name: 'Download policy' }).isDisabled()).toBe(false);
  });

  it('keeps the index of sections and Download and Use in view wherever the page is scrolled', async () => {
    await editor.setViewportSize({ width: 1280, height: 900 });
    const inView = (name: string) =>
      editor.getByRole('button', { name }).evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
    for (const at of [0.5, 1]) {
      await editor.evaluate((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), at);
      expect(await inView('Download policy'), `Download at ${at * 100}% of the page`).toBe(true);
      expect(await inView('Use on this computer'), `Use at ${at * 100}% of the page`).toBe(true);
    }
    // A section reached from the index lands below the bar, its heading not hidden under it.
    await editor.getByRole('navigation', { name: 'Sections of the policy' }).getByRole('link', { name: 'Email templates' }).click();
    await expect
      .poll(() =>
        editor.evaluate(() => {
          const bar = document.querySelector('.editor-bar')!.getBoundingClientRect();
          const heading = document.getElementById('f-templates-heading')!.getBoundingClientRect();
          return heading.top >= bar.bottom && heading.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await editor.screenshot({ path: screenshotPath('editor-bar-templates.png') });
    await editor.evaluate(() => window.scrollTo(0, 0));
  });

  it('opens the playbook of the draft, not of the policy in force', async () => {
    const [playbook] = await Promise.all([
      session.context.waitForEvent('page'),
      editor.getByRole('link', { name: 'Playbooks of this draft' }).click(),
    ]);
    await playbook.getByText('The draft open in the policy editor, not yet in force.').waitFor();
    await playbook.getByRole('heading', { name: 'Playbook: Front desk' }).waitFor();
    expect(await playbook.locator('main').textContent()).toContain('Per incident$15.00');
    // It follows the draft as it changes.
    await editor.getByRole('group', { name: 'Front desk', exact: true }).getByLabel('Per incident', { exact: true }).fill('16');
    await expect.poll(() => playbook.locator('main').textContent()).toContain('Per incident$16.00');
    await editor.getByRole('group', { name: 'Front desk', exact: true }).getByLabel('Per incident', { exact: true }).fill('15');
    await playbook.close();
  });

  it('downloads under a newer version it raised itself, a policy that passes policy:check, and says what comes next', async () => {
    // Changed from the policy in force under its version: said beside the buttons, in plain words.
    const note = editor.locator('#actions-version');
    expect(await note.textContent()).toMatch(/^Changed from the policy in force \(version 2026-11-01\): Download and Use save it as version \d{4}-\d{2}-\d{2}\.$/);
    const [download] = await Promise.all([
      editor.waitForEvent('download'),
      editor.getByRole('button', { name: 'Download policy' }).click(),
    ]);
    const file = path.join(folder, 'policy.json');
    await download.saveAs(file);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.$schema).toBeTypeOf('string');
    expect(json.roles[0]).toMatchObject({ id: 'front-desk', perIncident: 15, perClientPerYear: 100 });
    expect(json.policyVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.policyVersion > '2026-11-01').toBe(true);
    expect(await editor.getByLabel('Policy version', { exact: true }).inputValue()).toBe(json.policyVersion);
    await editor.getByText(`Downloaded policy.json, policy version ${json.policyVersion}.`).waitFor();
    // No signing key on this computer and no firm ledger in this policy: only publishing is left.
    expect(await editor.locator('.next-steps li').allTextContents()).toEqual([expect.stringMatching(/^To give it to everyone, put the downloaded file/)]);
    expect(await editor.locator('.editor-bar').textContent()).not.toContain('policy:sign');
    expect(await editor.locator('.editor-bar').textContent()).not.toContain('ledger:setup');
    const { stdout } = await run('npm', ['run', '--silent', 'policy:check', '--', file], { cwd: ROOT });
    expect(stdout).toContain('Front desk [front-desk]: $15.00 / $100.00');
    expect(stdout).toContain('is a valid policy');
  });

  it('has no WCAG A/AA violations, light and dark, and fits 1280 and 800 px', async () => {
    for (const width of [1280, 800]) {
      await editor.setViewportSize({ width, height: 900 });
      for (const colorScheme of ['light', 'dark'] as const) {
        await editor.emulateMedia({ colorScheme });
        await expectNoAxeViolations(editor, `editor ${width}px ${colorScheme}`);
        await editor.screenshot({ path: screenshotPath(`editor-${width}-${colorScheme}.png`) });
      }
      expect(await horizontalOverflow(editor)).toBeLessThanOrEqual(0);
    }
  });

  it('applies the policy on this computer, under the newer version it downloaded with', async () => {
    const use = editor.getByRole('button', { name: 'Use on this computer' });
    expect(await use.isDisabled()).toBe(false);
    const version = await editor.getByLabel('Policy version', { exact: true }).inputValue();
    await use.click();
    await editor.getByText(`In force on this computer: Harbor & Pine CPAs, policy ${version}.`).waitFor();
    const state = await callBackground(editor, 'getPolicyState', undefined);
    expect(state.policy?.roles[0]?.perIncident).toBe(1500);
    expect(state.policy?.policyVersion).toBe(version);
  });
});

describe('starting from an example', () => {
  it('opens the law firm example shipped with the extension, with the article’s cases it lacks', async () => {
    await editor.getByRole('button', { name: 'Start from the law firm example' }).click();
    await editor.getByRole('group', { name: 'Legal assistant', exact: true }).waitFor();
    const table = editor.getByRole('table', { name: 'What each role may do' });
    const courier = table.getByRole('row', { name: /^Courier fee credited \(a case from the article\), £20\.00/ });
    expect(await courier.getByRole('cell').first().textContent()).toBe('ask Associate solicitor');
    // Older than the policy in force here: named beside the version, and raised as it leaves the editor.
    expect(await editor.getByText('policyVersion "2026-10-15" is older than the one in force', { exact: false }).count()).toBe(1);
    expect(await editor.locator('#actions-version').textContent()).toMatch(/^Changed from the policy in force \(version [\d.-]+\): Download and Use save it as version /);
  });
});

describe('the playbook', () => {
  let playbook: Page;

  it('names Front desk’s limits, remedies and approver', async () => {
    playbook = await session.context.newPage();
    await playbook.goto(`chrome-extension://${session.extensionId}/playbook.html?role=front-desk`);
    await playbook.getByRole('heading', { name: 'Playbook: Front desk' }).waitFor();
    const text = (await playbook.locator('main').textContent()) ?? '';
    expect(text).toContain('Per incident$15.00');
    expect(text).toContain('Per client per year$100.00');
    expect(text).toContain('Carla Meyer (Manager)');
    const row = (name: string) => playbook.getByRole('row', { name: new RegExp(`^${name}`) });
    expect(await row('Credit the courier fee').textContent()).toContain('ask Carla Meyer');
    expect(await row('Apology, nothing charged').textContent()).toContain('yours, always');
    expect(text).toContain('Acknowledge the mistake plainly (at once)');
    expect(text).toContain('Dear Alice,');
    expect(await playbook.getByLabel('Role').inputValue()).toBe('front-desk');
  });

  it('prints on at most two pages, A4 and Letter, without its controls', async () => {
    await playbook.emulateMedia({ media: 'print' });
    expect(await playbook.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await playbook.emulateMedia({ media: 'screen' });
    for (const format of ['A4', 'Letter']) {
      const pdf = await playbook.pdf({ format, path: screenshotPath(`playbook-front-desk-${format}.pdf`) });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
      expect(pages, format).toBeGreaterThanOrEqual(1);
      expect(pages, format).toBeLessThanOrEqual(2);
    }
  });

  it('switches role from the picker and has no WCAG A/AA violations', async () => {
    await playbook.emulateMedia({ colorScheme: 'light' });
    await playbook.screenshot({ path: screenshotPath('playbook-front-desk.png'), fullPage: true });
    await playbook.getByLabel('Role').selectOption('manager');
    await playbook.getByRole('heading', { name: 'Playbook: Manager' }).waitFor();
    expect(playbook.url()).toMatch(/role=manager$/);
    for (const width of [1280, 800]) {
      await playbook.setViewportSize({ width, height: 900 });
      for (const colorScheme of ['light', 'dark'] as const) {
        await playbook.emulateMedia({ colorScheme });
        await expectNoAxeViolations(playbook, `playbook ${width}px ${colorScheme}`);
      }
      expect(await horizontalOverflow(playbook)).toBeLessThanOrEqual(0);
    }
    await playbook.screenshot({ path: screenshotPath('playbook-manager-dark.png'), fullPage: true });
  });
});
