import { describe, expect, it } from 'vitest';
import { fixture } from '../common';
import type { BackgroundCall, ExtensionPage } from './extension-page';

// The same story in every browser: a detector the firm defines in its policy runs on the firm's own
// portal with no new release, once the user allows that site on the options page (Allow asks the
// browser for the site, the background registers the detectors' content script at run time), and
// the portal's client reaches the background and the side panel.

export const PORTAL = 'https://portal.harborpine.example';
export const PORTAL_FIXTURE = 'custom/portal.html';

export interface FirmDetectorsBrowser {
  call: BackgroundCall;
  /** The options page, opened afresh. */
  options(): Promise<ExtensionPage>;
  /** What the person answers when the browser asks for a site (where the prompt cannot be clicked, granted beforehand). */
  willAllow(originPattern: string): Promise<void>;
  /** Opens a tab at `url`: its id in the browser. */
  openTab(url: string): Promise<number>;
  /** The text of the client header in the side panel for a tab. */
  panelClient(tabId: number): Promise<string | null>;
}

export function firmDetectorsRun(browserName: string, browser: () => FirmDetectorsBrowser): void {
  const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
  describe(`the firm's own detectors in ${browserName}`, () => {
    it("run on the firm's portal once the user allows it, and its client reaches the panel", async () => {
      const { call, options, willAllow, openTab, panelClient } = browser();
      await call('importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
      const page = await options();
      const access = '[data-testid=access-client-portal]';
      await until(() => page.text(access)).toBe('not allowed');
      await willAllow(`${PORTAL}/*`);
      await page.press('Allow Firm client portal');
      await until(() => page.text(access)).toBe('allowed');

      const tabId = await openTab(`${PORTAL}/clients/7781`);
      const clientOf = async () => (await call('getTabClient', { tabId }))?.client ?? null;
      await until(async () => (await clientOf())?.name).toBe('Rosa Kim');
      expect(await clientOf()).toMatchObject({ source: 'custom', sourceLabel: 'Firm client portal', email: 'rosa@kimflorist.example', pageKind: 'record' });
      await until(() => panelClient(tabId)).toContain('Rosa Kim');
      expect(await panelClient(tabId)).toContain('rosa@kimflorist.example');
    });
  });
}
