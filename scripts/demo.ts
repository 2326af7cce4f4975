// `npm run demo`: builds the extension, serves the bundled example policy on 127.0.0.1, and opens
// Chromium with the extension loaded, the policy synced and demo pages that imitate a Gmail thread
// and a HubSpot contact. Without a display it runs headless and writes screenshots to demo-output/.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  callBackground,
  fixture,
  gmailThreadWithInlineReply,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  startLocalServer,
  tabIdOf,
} from '../tests/e2e/harness';
import { firmLedgerDemo } from './demo-firm';
import { demoShots } from './demo-shots';

const headless = !process.env.DISPLAY;
const OUT = path.join(ROOT, 'demo-output');
const DEMO_USER = 'ben.okafor@harborpine.example';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is not installed: run "sudo apt-get install chromium" (or set CHROMIUM_PATH).`);
    process.exit(1);
  }
  console.log("Installing Debian's Chromium…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
}

execSync('npx wxt build', { cwd: ROOT, stdio: 'inherit' });

const policyServer = await startLocalServer();
const policyText = readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8');
policyServer.handle((_req, res) => {
  res
    .writeHead(200, {
      'content-type': 'application/json',
      etag: '"demo-1"',
      // The extension has no host access to 127.0.0.1, so the demo server allows it by CORS.
      'access-control-allow-origin': '*',
    })
    .end(policyText);
});

const session = await launchExtension({ headless });
const demoCss = `<style>${readFileSync(path.join(ROOT, 'scripts/demo.css'), 'utf8')}</style></head>`;
await routeFixture(session.context, 'https://mail.google.com/**', () =>
  gmailThreadWithInlineReply().replace('</head>', demoCss),
);
await routeFixture(session.context, 'https://app.hubspot.com/**', () =>
  fixture('hubspot/contact.html').replace('</head>', demoCss),
);

const options = await openOptions(session);
const state = await callBackground(options, 'setPolicyUrl', {
  url: `${policyServer.url}/policy.json`,
});
if (!state.policy) throw new Error(`The demo policy did not sync: ${state.lastError?.message}`);
await callBackground(options, 'setSettings', { selfEmail: DEMO_USER });
console.log(`Policy synced: ${state.policy.firm.name} (${state.policy.policyVersion}); you are ${DEMO_USER}`);

const gmail = await session.context.newPage();
await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
const hubspot = await session.context.newPage();
await hubspot.goto('https://app.hubspot.com/contacts/4711/record/0-1/51');
const panel = await openSidePanel(session, await tabIdOf(session, gmail), { width: 400, height: 900 });
await panel.getByRole('region', { name: 'Client' }).getByRole('heading', { level: 1 }).waitFor();

if (headless) {
  mkdirSync(OUT, { recursive: true });
  const shots = demoShots(OUT);
  console.log(`No display: running headless, screenshots in ${OUT}/`);
  // The options page as it reads once the policy synced and Your email is set.
  await options.reload();
  await options.getByTestId('firm-name').filter({ hasText: state.policy.firm.name }).waitFor();
  await shots.take(options, 'options.png', `Options: the firm's policy synced from its URL (${state.policy.firm.name}, ${state.policy.policyVersion}), and Your email, ${DEMO_USER}, which makes Ben a Staff accountant`, true);
  await shots.take(panel, 'side-panel.png', 'The side panel beside the Gmail thread: Alice Baker detected from the message, her history, and what Ben may give her on his own', true);

  // The first call: the courier fee charged twice, logged, credited and the credit note in the reply.
  await panel.getByRole('radio', { name: 'Documents sent the wrong way' }).click();
  await panel.getByLabel('One-line summary').fill('Courier fee charged twice on the March invoice');
  await panel.getByRole('button', { name: 'Start incident' }).click();
  await panel.getByRole('button', { name: 'Grant' }).click();
  const creditNote = panel.getByRole('region', { name: 'Credit note' });
  await creditNote.getByRole('button', { name: 'Insert into email' }).click();
  await creditNote.getByText(/^Inserted the /).waitFor();
  await shots.take(panel, 'side-panel-granted.png', 'After four clicks: the incident started, the courier credit granted within Ben\'s authority with its credit-note number, and the credit note inserted', true);
  await gmail.bringToFront();
  await gmail.locator('.M9 [contenteditable=true]').scrollIntoViewIfNeeded();
  await shots.take(gmail, 'gmail-credit-note.png', 'Gmail: the reply to Alice (not to the colleague whose note came last) with the credit note the panel wrote into it');

  // A HubSpot record: the panel follows the tab; Copy and New email, as no email can be written into a CRM record.
  await panel.close();
  const crmPanel = await openSidePanel(session, await tabIdOf(session, hubspot), { width: 400, height: 900 });
  await crmPanel.getByRole('region', { name: 'Client' }).getByRole('heading', { level: 1 }).waitFor();
  await shots.take(hubspot, 'hubspot-contact.png', 'A HubSpot contact record, the page the panel below reads the client from');
  await shots.take(crmPanel, 'side-panel-hubspot.png', 'The side panel on the HubSpot record: its contact detected from the CRM page, with their history and Ben\'s authority, ready to log a mistake (from a record, the templates offer Copy and New email)', true);
  await session.close();
  await policyServer.close();
  const firm = await firmLedgerDemo({ headless, shots });
  await firm.close();
  console.log(`Screenshots and their captions: ${shots.writeIndex()}`);
} else {
  const firm = await firmLedgerDemo({ headless, shots: demoShots(OUT) });
  await panel.bringToFront();
  console.log(
    'Chromium is open with Make It Right loaded. The demo Gmail thread and HubSpot contact are in ' +
      'their own tabs, and the side panel is popped out beside them. Press Ctrl+C to stop.',
  );
  console.log('Ana and Carla have a browser each beside it, on the local firm ledger.');
  const stop = async () => {
    await firm.close().catch(() => undefined);
    await session.close().catch(() => undefined);
    await policyServer.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  session.context.on('close', () => void stop());
}
