import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  allowSiteInExtensionSettings,
  callBackground,
  fixture,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// A detector the firm defines in its policy runs on the firm's own portal with no new release,
// once the user allows that site on the options page: the Allow button asks the browser, the
// background registers the detectors' content script, and the portal's client reaches the panel.

const PORTAL = 'https://portal.harborpine.example';
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
  await routeFixture(session.context, `${PORTAL}/**`, 'custom/portal.html');
});

afterAll(async () => {
  await session?.close();
});

async function clientOf(tabId: number) {
  return (await callBackground(options, 'getTabClient', { tabId }))?.client ?? null;
}

describe("the firm's own detectors", () => {
  it("run on the firm's portal once the user allows it, and follow the portal's in-app navigation", async () => {
    await options.reload();
    const access = options.getByTestId('access-client-portal');
    await until(() => access.textContent()).toBe('not allowed');
    expect(await options.getByText('https://portal.harborpine.example/clients/*').count()).toBe(1);

    await allowSiteInExtensionSettings(session, `${PORTAL}/*`);
    await options.getByRole('button', { name: 'Allow Firm client portal' }).click();
    await until(() => access.textContent()).toBe('allowed');

    const portal = await session.context.newPage();
    await portal.goto(`${PORTAL}/clients/7781`);
    const tabId = await tabIdOf(session, portal);
    await until(async () => (await clientOf(tabId))?.name).toBe('Rosa Kim');
    expect(await clientOf(tabId)).toMatchObject({
      source: 'custom',
      sourceLabel: 'Firm client portal',
      email: 'rosa@kimflorist.example',
      pageKind: 'record',
    });

    const panel = await openSidePanel(session, tabId);
    const header = panel.getByRole('region', { name: 'Client' });
    await header.getByText('Rosa Kim').first().waitFor({ timeout: 15_000 });
    expect(await header.textContent()).toContain('rosa@kimflorist.example');
    await panel.close();

    // The portal is a single-page app too: another client opened in place is picked up.
    await portal.evaluate(() => {
      document.querySelector("[data-field='client-name']")!.textContent = 'Omar Haddad';
      document.querySelector("[data-field='client-email']")!.textContent = 'omar@haddadtiles.example';
      history.pushState(null, '', '/clients/7782');
    });
    await until(async () => (await clientOf(tabId))?.email).toBe('omar@haddadtiles.example');
    await portal.close();
  });
});
