// The firm ledger part of `npm run demo`: a local ledger server (Apache CouchDB from ../shared/couchdb
// on 127.0.0.1 where the machine has it, else pouchdb-server in memory; prepared by ledger:setup)
// and two people side by side, each in a browser profile of their own and signed in: Ana (front
// desk) asks for a $500 refund above her authority, Carla (manager) is notified and approves it in her Approvals tab, and Ana's panel shows it at once with
// the credit note ready to insert. Headless, it writes screenshots of each step to demo-output/.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { callBackground } from '../tests/e2e/harness';
import { ANA, CARLA, startFirm, waitFor, type Firm, type Person } from '../tests/e2e/firm-ledger-harness';

const CLIENT = 'maya.chen@client.example';

async function panel(person: Person, query: string): Promise<Page> {
  const page = await person.session.context.newPage();
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto(`chrome-extension://${person.session.extensionId}/sidepanel.html?${query}`);
  return page;
}

/** Runs the story; returns the firm so a headed demo can leave both browsers open. */
export async function firmLedgerDemo(options: { headless: boolean; out: string }): Promise<Firm> {
  const firm = await startFirm([ANA, CARLA], { headless: options.headless });
  const [ana, carla] = firm.people as [Person, Person];
  console.log(`Firm ledger at ${firm.databaseUrl}: Ana Ruiz and Carla Meyer signed in, each in a browser of their own`);
  await callBackground(ana.options, 'startIncident', {
    client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
    category: 'advice-complaint',
    summary: 'The consultation went badly: the client lost a day of work',
  });
  const anaPanel = await panel(ana, `client=${encodeURIComponent(CLIENT)}`);
  await anaPanel.getByRole('button', { name: 'Ask for approval' }).click();
  await anaPanel.getByText('through the firm ledger').first().waitFor();
  if (options.headless) await anaPanel.screenshot({ path: path.join(options.out, 'firm-1-ana-asks.png'), fullPage: true });

  const carlaPanel = await panel(carla, 'view=approvals');
  const item = carlaPanel.getByRole('article', { name: /for Maya Chen/ });
  await item.waitFor({ timeout: 30_000 });
  if (options.headless) await carlaPanel.screenshot({ path: path.join(options.out, 'firm-2-carla-approvals.png'), fullPage: true });
  await item.getByRole('button', { name: 'Approve' }).click();
  await carlaPanel.getByText(/^Approved: /).waitFor();

  await waitFor(() => anaPanel.getByText(/approved by Carla Meyer at/).isVisible(), (v) => v, "Carla's approval in Ana's panel", 30_000);
  if (options.headless) await anaPanel.screenshot({ path: path.join(options.out, 'firm-3-ana-approved.png'), fullPage: true });
  console.log("Ana asked, Carla approved in her Approvals tab, and Ana's panel shows it with the credit note ready to insert");
  return firm;
}
