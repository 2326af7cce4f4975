import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ROOT,
  callBackground,
  exportFromOptions,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  startLocalServer,
  tabIdOf,
  type ExtensionSession,
  type LocalServer,
} from './harness';

// Drill: privacy. Every network request made during a whole journey (Gmail thread, side panel,
// incident, grant, template) is recorded, from pages and from the service worker. The extension
// fetches the policy URL and nothing else, and nothing at all when the policy comes from a file.
// The page's own requests (the routed Gmail fixture) are the page's, not ours.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN';

let session: ExtensionSession | undefined;
let server: LocalServer | undefined;

afterEach(async () => {
  await session?.close();
  await server?.close();
  session = undefined;
  server = undefined;
});

async function journey(policyUrl: string | null): Promise<{ requests: string[]; clientDataSeen: boolean }> {
  session = await launchExtension();
  const requests: string[] = [];
  const record = (request: Request) => {
    const url = request.url();
    // Our own packaged files and the page under test are not network traffic of the extension.
    if (url.startsWith(`chrome-extension://${session!.extensionId}/`)) return;
    if (url.startsWith('https://mail.google.com/') && request.frame()?.page() === gmailPage) return;
    requests.push(`${request.method()} ${url}${request.postData() ? ` body: ${request.postData()}` : ''}`);
  };
  let gmailPage: unknown;
  session.context.on('request', record);

  const options = await openOptions(session);
  if (policyUrl) await callBackground(options, 'setPolicyUrl', { url: policyUrl });
  else await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ben.okafor@harborpine.example' });

  await routeFixture(session.context, 'https://mail.google.com/**', 'gmail/thread.html');
  const gmail = await session.context.newPage();
  gmailPage = gmail;
  await gmail.goto(GMAIL);
  const tabId = await tabIdOf(session, gmail);
  const panel = await openSidePanel(session, tabId);
  const client = panel.getByRole('region', { name: 'Client' });
  await expect.poll(() => client.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe('Alice Baker');
  const detected = await callBackground(panel, 'getTabClient', { tabId });
  const c = detected!.client!;
  const incident = await callBackground(panel, 'startIncident', {
    client: { clientKey: c.email!, name: c.name, email: c.email!, source: { tool: 'gmail', label: 'Gmail' } },
    category: 'shipping-error',
    summary: 'Courier fee charged twice',
  });
  await callBackground(panel, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 });
  await panel.reload();
  await expect.poll(() => panel.getByRole('button', { name: 'Copy' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await callBackground(options, 'syncPolicy', undefined).catch(() => undefined);
  await exportFromOptions(options, 'csv');
  // Give any beacon, alarm or deferred request time to go out.
  await panel.waitForTimeout(2_000);
  const clientDataSeen = requests.some((r) => /alice|baker|courier|CN-20/i.test(r));
  return { requests, clientDataSeen };
}

describe('drill: privacy', () => {
  it('fetches only the policy URL during a whole journey', async () => {
    server = await startLocalServer();
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(policyText);
    });
    const policyUrl = `${server.url}/policy.json`;
    const { requests, clientDataSeen } = await journey(policyUrl);
    const others = requests.filter((r) => r !== `GET ${policyUrl}`);
    // The service worker's fetches must be visible to this recording, or the drill proves nothing.
    const policyFetchesSeen = requests.length - others.length;
    console.log(
      `privacy (policy URL set): ${requests.length} extension requests recorded (${policyFetchesSeen} to the policy URL, ` +
        `${server.requests.length} reached the policy server), ${others.length} elsewhere, client data sent: ${clientDataSeen ? 'yes' : 'no'}`,
    );
    expect(others).toEqual([]);
    expect(clientDataSeen).toBe(false);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(policyFetchesSeen).toBe(server.requests.length);
  }, 120_000);

  it('makes no request at all when the policy comes from a file', async () => {
    const { requests, clientDataSeen } = await journey(null);
    console.log(`privacy (policy from a file): ${requests.length} extension requests recorded, client data sent: ${clientDataSeen ? 'yes' : 'no'}`);
    expect(requests).toEqual([]);
  }, 120_000);
});
