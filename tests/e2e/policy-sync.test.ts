import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowSiteInExtensionSettings,
  callBackground,
  launchExtension,
  openOptions,
  pageDriver,
  screenshotPath,
  startLocalServer,
  type ExtensionSession,
  type LocalServer,
} from './harness';
import { goodPolicy as good, policySyncKeepsTheLastGood } from './suites/policy-sync';

// Options page → policy URL → Sync now, against a real server: the story every browser shares
// (./suites/policy-sync.ts), then what Chromium's options page does besides.

// The service worker can take a few seconds to answer its first message after start-up.
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let session: ExtensionSession;
let server: LocalServer;

beforeAll(async () => {
  session = await launchExtension();
  server = await startLocalServer();
  // Sync now asks for the policy server's site; the user allows 127.0.0.1 (localhost stays refused).
  await allowSiteInExtensionSettings(session, 'http://127.0.0.1/*');
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});


policySyncKeepsTheLastGood('Chromium', () => ({ server, options: async () => pageDriver(await openOptions(session)) }));

describe('policy sync from the options page', () => {
  it('refuses a plain-http policy URL that is not on this machine, keeping what was typed', async () => {
    const page = await openOptions(session);
    const input = page.getByLabel('Policy URL');
    await until(() => input.inputValue()).toBe(`${server.url}/policy.json`);
    await input.fill('http://policies.example.com/policy.json');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await until(() => page.getByRole('alert').first().textContent()).toContain('must start with https://');
    expect(await input.inputValue()).toBe('http://policies.example.com/policy.json');
  });

  it('knows who you are from the staff list', async () => {
    const page = await openOptions(session);
    await until(() => page.getByTestId('firm-name').textContent()).toBe('Harbor & Pine CPAs');
    await page.getByLabel('Your email').fill(' Carla.Meyer@HarborPine.example ');
    await page.getByRole('button', { name: 'Save' }).click();
    await until(() => page.getByTestId('me').textContent()).toContain('Carla Meyer, Manager: $500.00 per incident');
    expect(await page.getByLabel('Your email').inputValue()).toBe('carla.meyer@harborpine.example');

    await page.getByLabel('Your email').fill('stranger@elsewhere.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await until(() => page.getByTestId('me').textContent()).toContain("not on the firm's staff list");
  });
});

describe("a policy on a plain static server on the admin's own machine (no CORS header)", () => {
  function serveWithoutCors(body: string) {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
  }

  it('without site access says what it can be, naming the URL; with it, Sync now loads the policy', async () => {
    const newer = JSON.stringify({ ...JSON.parse(good), policyVersion: '2026-12-01' });
    serveWithoutCors(newer);
    const page = await openOptions(session);
    await until(() => page.getByTestId('firm-name').textContent()).toBe('Harbor & Pine CPAs');

    // localhost was not allowed (as when the user refuses the prompt): the browser hides the answer.
    const refusedUrl = `${server.url.replace('127.0.0.1', 'localhost')}/policy.json`;
    await callBackground(page, 'setPolicyUrl', { url: refusedUrl });
    const alert = page.getByRole('alert');
    await until(() => alert.textContent()).toContain(`Could not reach the policy at ${refusedUrl}`);
    const refused = (await alert.textContent()) ?? '';
    expect(refused).toContain('not answering at that address');
    expect(refused).toContain("allow the extension's site access to localhost");
    expect(refused).not.toContain('Failed to fetch');
    expect(await page.getByText('Policy version').locator('+ dd').textContent()).toBe('2026-11-01');

    // 127.0.0.1 is allowed: the same server, still without a CORS header, is read.
    await page.reload();
    await page.getByLabel('Policy URL').fill(`${server.url}/policy.json`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await until(() => page.getByText('Policy version').locator('+ dd').textContent()).toBe('2026-12-01');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('a server that is not running is named as not answering, without blaming site access', async () => {
    const gone = await startLocalServer();
    const goneUrl = `${gone.url}/policy.json`;
    await gone.close();
    const page = await openOptions(session);
    await until(() => page.getByTestId('firm-name').textContent()).toBe('Harbor & Pine CPAs');
    await page.getByLabel('Policy URL').fill(goneUrl);
    await page.getByRole('button', { name: 'Sync now' }).click();
    const alert = page.getByRole('alert');
    await until(() => alert.textContent()).toContain(`Could not reach the policy at ${goneUrl}. Most likely: the server is not answering`);
    expect(await alert.textContent()).not.toContain('site access');
    await page.screenshot({ path: screenshotPath('policy-sync-unreachable.png'), fullPage: true });
  });
});
