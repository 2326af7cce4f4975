import { afterEach, describe, expect, it } from 'vitest';
import { fixture, startLocalServer, type LocalServer } from '../common';
import {
  callBackground,
  exportFromOptions,
  gotoExtensionPage,
  launchFirefox,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  textOf,
  type FirefoxSession,
} from './harness';

// Drill: privacy, in Firefox. Every request that leaves the browser during a whole journey (Gmail
// thread, side panel, incident, grant, templates, sync, export) passes the harness's recording proxy,
// whoever made it: the event page, the content script or a page of the add-on. The Gmail fixture
// itself is answered inside the browser and never reaches the proxy.

const policyText = fixture('policy/example.json');

let session: FirefoxSession | undefined;
let server: LocalServer | undefined;

afterEach(async () => {
  await session?.close();
  await server?.close();
  session = undefined;
  server = undefined;
});

async function journey(policyUrl: string | null): Promise<{ egress: string[]; clientDataSeen: boolean }> {
  session = await launchFirefox();
  const options = await openOptions(session);
  if (policyUrl) await callBackground(options, 'setPolicyUrl', { url: policyUrl });
  else await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ben.okafor@harborpine.example' });

  routeFixture(session, 'https://mail.google.com/', 'gmail/thread.html');
  const gmail = await session.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
  const tabId = await tabIdOf(options, gmail);
  const panel = await openSidePanel(session, tabId);
  await expect.poll(() => textOf(panel, '[aria-label="Client"] h1'), { timeout: 15_000 }).toBe('Alice Baker');
  const c = (await callBackground(panel, 'getTabClient', { tabId }))!.client!;
  const incident = await callBackground(panel, 'startIncident', {
    client: { clientKey: c.email!, name: c.name, email: c.email!, source: { tool: 'gmail', label: 'Gmail' } },
    category: 'shipping-error',
    summary: 'Courier fee charged twice',
  });
  await callBackground(panel, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 });
  await gotoExtensionPage(session, panel, `sidepanel.html?tabId=${tabId}&again`);
  await expect.poll(() => textOf(panel, 'body'), { timeout: 15_000 }).toContain('CN-20');
  await callBackground(options, 'syncPolicy', undefined).catch(() => undefined);
  const exported = await exportFromOptions(session, options, 'csv');
  expect(exported.text).toContain('Credit the courier fee');
  // Give any beacon, alarm or deferred request time to go out.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const egress = [...session.egress];
  return { egress, clientDataSeen: egress.some((r) => /alice|baker|courier|CN-20/i.test(r)) };
}

describe('drill: privacy (Firefox)', () => {
  it('sends only the policy requests out of the browser during a whole journey', async () => {
    server = await startLocalServer();
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(policyText);
    });
    const policyUrl = `${server.url}/policy.json`;
    const { egress, clientDataSeen } = await journey(policyUrl);
    const others = egress.filter((r) => r !== `GET ${policyUrl}`);
    console.log(
      `privacy (Firefox, policy URL set): ${egress.length} requests left the browser (${egress.length - others.length} to the policy URL, ` +
        `${server.requests.length} reached the policy server), ${others.length} elsewhere, client data sent: ${clientDataSeen ? 'yes' : 'no'}`,
    );
    expect(others).toEqual([]);
    expect(clientDataSeen).toBe(false);
    // The proxy must see the policy fetches, or the drill proves nothing.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(egress.length).toBe(server.requests.length);
  }, 120_000);

  it('sends nothing at all when the policy comes from a file', async () => {
    const { egress } = await journey(null);
    console.log(`privacy (Firefox, policy from a file): ${egress.length} requests left the browser`);
    expect(egress).toEqual([]);
  }, 120_000);
});
