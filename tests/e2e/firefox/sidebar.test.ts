import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../common';
import {
  callBackground,
  launchFirefox,
  openOptions,
  openSidebar,
  routeFixture,
  sidebarText,
  type FirefoxSession,
} from './harness';

// Firefox's real sidebar (not a popped-out page): it follows the active tab of its own window, so
// switching from the Gmail thread to the HubSpot record shows that record's client, as Chrome's side
// panel does; a tab brought to the front in another window changes nothing.

let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox();
});

afterAll(async () => {
  await session?.close();
});

const CLIENT = '[aria-label="Client"] h1';
const shown = (read: () => Promise<string | null>) => expect.poll(read, { timeout: 15_000 });

describe('the Firefox sidebar', () => {
  it('shows the client of the active tab of its window as tabs are switched', async () => {
    const options = await openOptions(session);
    await callBackground(options, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
    await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
    routeFixture(session, 'https://mail.google.com/', 'gmail/thread.html');
    routeFixture(session, 'https://app.hubspot.com/', 'hubspot/contact.html');
    const gmail = await session.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
    const hubspot = await session.newPage();
    await hubspot.goto('https://app.hubspot.com/contacts/4431234/record/0-1/51');

    await openSidebar(options);
    await shown(() => sidebarText(options, 'body')).not.toBeNull();

    await gmail.bringToFront();
    await shown(() => sidebarText(options, CLIENT)).toBe('Alice Baker');
    await hubspot.bringToFront();
    await shown(() => sidebarText(options, CLIENT)).toBe('Laura Nguyen');
    await gmail.bringToFront();
    await shown(() => sidebarText(options, CLIENT)).toBe('Alice Baker');

    // Another window's tab is not this sidebar's business.
    const elsewhere = await session.browser.newPage({ type: 'window' });
    await elsewhere.setRequestInterception(true);
    elsewhere.on('request', (req) =>
      req.respond({ status: 200, contentType: 'text/html', body: fixture('hubspot/contact.html') }),
    );
    await elsewhere.goto('https://app.hubspot.com/contacts/4431234/record/0-1/51');
    await elsewhere.bringToFront();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await sidebarText(options, CLIENT)).toBe('Alice Baker');
    expect(session.extensionErrors()).toEqual([]);
  });
});
