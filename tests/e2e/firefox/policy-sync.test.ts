import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../common';
import { goodPolicy as good, policySyncKeepsTheLastGood } from '../suites/policy-sync';
import { callBackground, gotoExtensionPage, launchFirefox, openOptions, pageDriver, textOf, type FirefoxSession } from './harness';

// Options page → Policy URL → Sync now in Firefox, against a real server (Firefox asks for the
// server's site access through permissions.request): the story every browser shares
// (../suites/policy-sync.ts). Then a plain static server on the admin's own machine, which sends no
// CORS header: without site access the page says what it can be, naming the URL; with it, Sync now
// reads it.

const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;

let session: FirefoxSession;
let server: LocalServer;

beforeAll(async () => {
  session = await launchFirefox();
  server = await startLocalServer();
});

afterAll(async () => {
  expect(session.extensionErrors()).toEqual([]);
  await session?.close();
  await server?.close();
});

policySyncKeepsTheLastGood('Firefox', () => ({ server, options: async () => pageDriver(session, await openOptions(session)) }));

describe("a policy on a plain static server on the admin's own machine, in Firefox (no CORS header)", () => {
  it('without site access says what it can be, naming the URL; with it, Sync now loads the policy', async () => {
    const newer = JSON.stringify({ ...JSON.parse(good), policyVersion: '2026-12-01' });
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(newer);
    });
    const page = await openOptions(session);
    const version = () => page.evaluate(() => {
      const term = [...document.querySelectorAll('dt')].find((dt) => dt.textContent === 'Policy version');
      return term?.nextElementSibling?.textContent ?? null;
    });
    await until(() => textOf(page, '[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
    const before = await version();

    // localhost was not allowed (as when the person refuses the prompt): Firefox hides the answer.
    const refusedUrl = `${server.url.replace('127.0.0.1', 'localhost')}/policy.json`;
    await callBackground(page, 'setPolicyUrl', { url: refusedUrl });
    await until(() => textOf(page, '[role=alert]')).toContain(`Could not reach the policy at ${refusedUrl}`);
    const refused = (await textOf(page, '[role=alert]')) ?? '';
    expect(refused).toContain('not answering at that address');
    expect(refused).toContain("allow the extension's site access to localhost");
    expect(refused).not.toContain('NetworkError');
    expect(await version()).toBe(before);

    // 127.0.0.1, asked for on Sync now and allowed: the same server, still without a CORS header, is read.
    await gotoExtensionPage(session, page, 'options.html?allowed');
    await until(() => textOf(page, '[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
    const field = page.locator(aria('Policy URL', 'textbox'));
    await field.fill('');
    await field.fill(`${server.url}/policy.json`);
    await page.locator(aria('Sync now', 'button')).click();
    await until(() => version()).toBe('2026-12-01');
    expect(await page.$('[role=alert]')).toBeNull();
    expect(session.extensionErrors()).toEqual([]);
  });
});
