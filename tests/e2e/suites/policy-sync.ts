import { describe, expect, it } from 'vitest';
import { fixture, type LocalServer } from '../common';
import type { ExtensionPage } from './extension-page';

// The same story in every browser: Options → Policy URL → Sync now against a real server; then the
// server turns bad and the last good policy stays in force, with the error naming the field, also
// after the page is opened again.

export const goodPolicy = fixture('policy/example.json');
const broken = (() => {
  const json = JSON.parse(goodPolicy);
  json.policyVersion = '2026-11-02';
  json.roles[0].perIncident = -25;
  return JSON.stringify(json);
})();

// The background can take a few seconds to answer its first message after start-up.
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

export function serve(server: LocalServer, body: string): void {
  server.handle((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(body);
  });
}

export function policySyncKeepsTheLastGood(browserName: string, setUp: () => { server: LocalServer; options(): Promise<ExtensionPage> }): void {
  describe(`policy sync from the options page, in ${browserName}`, () => {
    it('applies a good policy, then keeps it when the next one is broken', async () => {
      const { server, options } = setUp();
      serve(server, goodPolicy);
      const page = await options();
      await page.fill('Policy URL', `${server.url}/policy.json`);
      await page.press('Sync now');

      await until(() => page.text('[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
      await until(() => page.text('.limits')).toContain('Front desk: $25.00 per incident, $100.00 per client per year');
      expect(server.requests).toContain('/policy.json');

      serve(server, broken);
      await page.press('Sync now');
      await until(() => page.text('[role=alert]')).toContain('roles[0].perIncident: must not be negative');
      expect(await page.text('[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
      expect(await page.text('.limits')).toContain('Front desk: $25.00 per incident');
      expect(await page.value('#policy-url')).toBe(`${server.url}/policy.json`);

      // Opened again, the page reads what the background kept: still the good policy, still the error.
      await page.reopen();
      await until(() => page.text('[data-testid=firm-name]')).toBe('Harbor & Pine CPAs');
      await until(() => page.text('[role=alert]')).toContain('roles[0].perIncident');
      expect(await page.value('#policy-url')).toBe(`${server.url}/policy.json`);
    });
  });
}
