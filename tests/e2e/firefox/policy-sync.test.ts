import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startLocalServer, type LocalServer } from '../common';
import { gotoExtensionPage, launchFirefox, openOptions, textOf, type FirefoxSession } from './harness';

// Options page → Policy URL → Sync now in Firefox, against a real server (Firefox asks for the
// server's site access through permissions.request); then the server turns bad and the last good
// policy stays in force, with the error naming the field.

const good = fixture('policy/example.json');
const broken = (() => {
  const json = JSON.parse(good);
  json.policyVersion = '2026-11-02';
  json.roles[0].perIncident = -25;
  return JSON.stringify(json);
})();

const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;

let session: FirefoxSession;
let server: LocalServer;

beforeAll(async () => {
  session = await launchFirefox();
  server = await startLocalServer();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

function serve(body: string) {
  server.handle((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(body);
  });
}

describe('policy sync in Firefox', () => {
  it('applies a good policy, then keeps it when the next one is broken', async () => {
    serve(good);
    const page = await openOptions(session);
    await page.locator(aria('Policy URL', 'textbox')).fill(`${server.url}/policy.json`);
    await page.locator(aria('Sync now', 'button')).click();

    await until(() => textOf(page, '[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
    await until(() => textOf(page, '.limits')).toContain('Front desk: $25.00 per incident, $100.00 per client per year');
    expect(server.requests).toContain('/policy.json');

    serve(broken);
    await page.locator(aria('Sync now', 'button')).click();
    await until(() => textOf(page, '[role=alert]')).toContain('roles[0].perIncident: must not be negative');
    expect(await textOf(page, '[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
    expect(await textOf(page, '.limits')).toContain('Front desk: $25.00 per incident');

    // Reopened, the page reads what the background kept: still the good policy, still the error.
    await gotoExtensionPage(session, page, 'options.html?reopened');
    await until(() => textOf(page, '[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
    await until(() => textOf(page, '[role=alert]')).toContain('roles[0].perIncident');
    expect(await page.$eval('#policy-url', (el) => (el as HTMLInputElement).value)).toBe(`${server.url}/policy.json`);
    expect(session.extensionErrors()).toEqual([]);
  });
});
