import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../common';
import {
  callBackground,
  launchFirefox,
  openOptions,
  routeFixture,
  tabIdOf,
  textOf,
  type FirefoxSession,
} from './harness';

// A detector the firm defines in its policy, in Firefox: Allow on the options page asks Firefox for
// the portal's site (an optional host permission), the event page registers the detectors' content
// script at run time, and the portal's client reaches the background.

const PORTAL = 'https://portal.harborpine.example';
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox();
});

afterAll(async () => {
  await session?.close();
});

describe("the firm's own detectors in Firefox", () => {
  it("run on the firm's portal once the user allows it", async () => {
    const options = await openOptions(session);
    await callBackground(options, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
    routeFixture(session, `${PORTAL}/`, 'custom/portal.html');
    const access = '[data-testid=access-client-portal]';
    await until(() => textOf(options, access)).toBe('not allowed');

    await options.locator('::-p-aria([name="Allow Firm client portal"][role="button"])').click();
    await until(() => textOf(options, access)).toBe('allowed');

    const portal = await session.newPage();
    await portal.goto(`${PORTAL}/clients/7781`);
    const tabId = await tabIdOf(options, portal);
    const clientOf = async () => (await callBackground(options, 'getTabClient', { tabId }))?.client ?? null;
    await until(async () => (await clientOf())?.name).toBe('Rosa Kim');
    expect(await clientOf()).toMatchObject({ source: 'custom', sourceLabel: 'Firm client portal', email: 'rosa@kimflorist.example' });
    expect(session.extensionErrors()).toEqual([]);
  });
});
