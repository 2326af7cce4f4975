import { describe, expect, it } from 'vitest';
import { callBackground, currentWorker } from './harness';
import { ANA, CARLA, PASSWORD, recordsOnServer, signIn, type Person } from './firm-ledger-harness';
import { ledgerRecord } from '../unit/firm-ledger/records';
import { anaAndCarla, until } from './firm-suite';
import { setUpLedger } from '../../scripts/ledger-setup';
import { parsePolicyText } from '../../utils/policy/parse';

// Two browsers, one firm ledger (Ana at the front desk, Carla a manager, each in a Chromium profile
// of their own): what one does reaches the other within seconds, a server that goes away loses and
// doubles nothing, and a session that lapses asks to sign in again while the work waits.

declare const chrome: typeof import('wxt/browser').browser;

const suite = anaAndCarla();

function client(email: string, name: string) {
  return { client: { clientKey: email, name, email, source: { tool: 'manual' as const, label: 'Manual' } }, category: 'shipping-error', summary: 'Courier lost the papers' };
}

const onServer = (incidentId: string) => recordsOnServer(suite.firm, incidentId);

/** What an admin does in the server's user database: a new password ends the person's sessions. */
async function changePassword(email: string, password: string): Promise<void> {
  const path = `/_users/${encodeURIComponent(`org.couchdb.user:${email}`)}`;
  const user = (await (await suite.firm.server.asAdmin(path)).json()) as Record<string, unknown>;
  const response = await suite.firm.server.asAdmin(path, { method: 'PUT', body: JSON.stringify({ ...user, password }) });
  expect(response.ok).toBe(true);
}

const NEW_PASSWORD = 'a new password for a new day';

/** Writes a record straight to the server as `email` signed in (no browser), as a replicator would. */
async function writeAs(email: string, doc: Record<string, unknown>): Promise<void> {
  const session = await fetch(`${suite.firm.server.origin}/_session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: email, password: PASSWORD }),
  });
  const cookie = session.headers.getSetCookie().find((c) => c.startsWith('AuthSession='))!.split(';')[0]!;
  const response = await fetch(`${suite.firm.server.origin}${suite.firm.server.databasePath('make-it-right')}/${encodeURIComponent(String(doc._id))}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify(doc),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

const status = (person: Person) => person.options.getByTestId('ledger-status').textContent();

describe('the firm ledger across two browsers', () => {
  it("Carla's grant shrinks Ana's room for that client within seconds", async () => {
    const CLIENT = 'pat.lee@client.example';
    const incident = await callBackground(suite.carla.options, 'startIncident', client(CLIENT, 'Pat Lee'));
    const granted = await callBackground(suite.carla.options, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 9000 });
    expect(granted.remedies[0]?.creditNoteNumber).toMatch(/^CN-\d{4}-CM-0001$/);
    await until(async () => (await callBackground(suite.ana.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(9000);

    // Ana's panel on that client: who gave what, and the $10.00 of her $100.00 yearly cap left.
    const panel = await suite.ana.session.context.newPage();
    await panel.goto(`chrome-extension://${suite.ana.session.extensionId}/sidepanel.html?client=${encodeURIComponent(CLIENT)}`);
    await until(() => panel.getByTestId('firm-grants').textContent()).toMatch(/\$90\.00 by Carla Meyer, [A-Z][a-z]{2} \d{1,2}/);
    await until(() => panel.locator('.left', { hasText: 'Left for this client this year' }).textContent()).toContain('$10.00');
    await panel.close();
  });

  it("a live update keeps what Ana is doing: the list she opened, the amount she typed, where her cursor is", async () => {
    const CLIENT = 'eli.moss@client.example';
    await callBackground(suite.ana.options, 'startIncident', client(CLIENT, 'Eli Moss'));
    const panel = await suite.ana.session.context.newPage();
    await panel.goto(`chrome-extension://${suite.ana.session.extensionId}/sidepanel.html?client=${encodeURIComponent(CLIENT)}`);
    await panel.getByText(/^Other remedies \(\d+\)$/).click();
    const others = panel.locator('details.more-remedies');
    expect(await others.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const amount = panel.getByLabel('Amount (USD)');
    await amount.fill('12.34');
    await amount.focus();

    // Carla gives this client something in her browser: Ana's panel shows it without a reload...
    const theirs = await callBackground(suite.carla.options, 'startIncident', client(CLIENT, 'Eli Moss'));
    await callBackground(suite.carla.options, 'grantRemedy', { incidentId: theirs.id, remedyId: 'courier-credit', amount: 2500 });
    await until(() => panel.getByTestId('firm-grants').textContent()).toMatch(/\$25\.00 by Carla Meyer/);
    // ...and what Ana was doing is as she left it.
    expect(await others.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await amount.inputValue()).toBe('12.34');
    expect(await amount.evaluate((input) => input === document.activeElement)).toBe(true);
    // Closing the list takes one click, as opening it did.
    await panel.getByText(/^Other remedies \(\d+\)$/).click();
    expect(await others.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await panel.close();
  });

  it('the server unreachable while Carla grants, then back: replicated once, nothing lost or doubled', async () => {
    const CLIENT = 'sam.ortiz@client.example';
    await suite.firm.relay.cut();
    const incident = await callBackground(suite.carla.options, 'startIncident', client(CLIENT, 'Sam Ortiz'));
    for (let i = 0; i < 3; i++) {
      await callBackground(suite.carla.options, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 1000 });
    }
    await until(() => status(suite.carla)).toMatch(/^Offline since /);
    expect(await onServer(incident.id)).toEqual([]);

    await suite.firm.relay.restore();
    // The first grant also ticked the two steps a grant completes, each a record of its own.
    await until(async () => (await onServer(incident.id)).length).toBe(6);
    const records = await onServer(incident.id);
    expect(records.map((r) => r.type).sort()).toEqual([
      'incident-opened', 'remedy-granted', 'remedy-granted', 'remedy-granted', 'step-ticked', 'step-ticked',
    ]);
    expect(new Set(records.map((r) => r.creditNoteNumber).filter(Boolean)).size).toBe(3);
    await until(async () => (await callBackground(suite.ana.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(3000);
    await until(() => status(suite.carla)).toBe('Connected');
    // Nothing came twice: the same six records, still, once everything settled.
    expect((await onServer(incident.id)).length).toBe(6);
  });

  it("a grant that reaches the server before its incident's opening counts once the opening arrives", async () => {
    // Records reach the server in the order each browser sends them, not the order they were made.
    const CLIENT = 'ola.berg@client.example';
    const incidentId = `${CARLA}:${crypto.randomUUID()}`;
    const at = Date.now() - 60_000;
    const base = { incidentId, clientKey: CLIENT };
    await writeAs(CARLA, ledgerRecord('remedy-granted', CARLA, { ...base, at: at + 1_000, amount: 3000 }));
    await until(async () => (await recordsOnServer(suite.firm, incidentId)).length).toBe(1);
    // Ana's browser holds the grant and no incident to count it in; then the opening arrives.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await callBackground(suite.ana.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(0);
    await writeAs(CARLA, ledgerRecord('incident-opened', CARLA, { ...base, at, clientName: 'Ola Berg', clientEmail: CLIENT }));
    await until(async () => (await callBackground(suite.ana.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(3000);
    await until(async () => (await callBackground(suite.ana.options, 'getIncident', { incidentId }))?.remedies.map((r) => r.amount)).toEqual([3000]);
  });

  it('a session that lapses mid-day asks Ana to sign in again; her work waits here, then goes up', async () => {
    const CLIENT = 'kim.ng@client.example';
    // The browser restarted (the password kept in memory gone), and the server no longer takes
    // Ana's session: her password was changed, which ends every session she had, as a lapse does.
    // (Clearing the browser's cookie alone races with answers already on their way, which bring a
    // renewed one back.)
    await (await currentWorker(suite.ana.session.context)).evaluate(() => chrome.storage.session.clear());
    await changePassword(ANA, NEW_PASSWORD);
    const incident = await callBackground(suite.ana.options, 'startIncident', client(CLIENT, 'Kim Ng'));
    const granted = await callBackground(suite.ana.options, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 });
    expect(granted.remedies).toHaveLength(1);
    await until(() => status(suite.ana)).toContain('Your session with the firm ledger has ended');
    // What she does from now on waits in this browser.
    await callBackground(suite.ana.options, 'tickStep', { incidentId: incident.id, stepId: 'acknowledge', done: true });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ticked = (r: { type: string }) => r.type === 'step-ticked' && (r as { stepId?: string }).stepId === 'acknowledge';
    expect((await onServer(incident.id)).filter(ticked)).toEqual([]);
    expect(await status(suite.ana)).toContain('Your session with the firm ledger has ended');

    await signIn(suite.ana, NEW_PASSWORD);
    // Opened, granted, the two steps the grant completed, and the step she ticked meanwhile.
    await until(async () => (await onServer(incident.id)).length).toBe(5);
    await until(async () => (await callBackground(suite.carla.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(2000);
    // In Carla's browser too, the ticked steps are ticked: the firm's fold keeps them.
    await until(async () => {
      const there = await callBackground(suite.carla.options, 'getIncident', { incidentId: incident.id });
      return there?.checklist.filter((st) => st.doneAt !== undefined).map((st) => st.stepId);
    }).toEqual(['acknowledge', 'make-up', 'record']);
  });

  it('no browser keeps its replication checkpoints on the server, where a colleague could rewrite them', async () => {
    const response = await suite.firm.server.asAdmin(`${suite.firm.server.databasePath('make-it-right')}/_local_docs`);
    expect(((await response.json()) as { rows: unknown[] }).rows).toEqual([]);
  });

  it("what the firm's server refuses is never shown as done: the server's rules one policy behind this browser's", async () => {
    const CLIENT = 'noor.haddad@client.example';
    // Ana's browser has a newer policy giving the front desk $75 per incident; the server still
    // enforces $25 (IT has not run ledger:setup again).
    const newer = JSON.parse(suite.firm.policyText) as { policyVersion: string; roles: { id: string; perIncident: number | null }[] };
    newer.policyVersion = '2026-12-01';
    for (const role of newer.roles) if (role.id === 'front-desk') role.perIncident = 75;
    await callBackground(suite.ana.options, 'importPolicy', { text: JSON.stringify(newer), fileName: 'policy.json' });
    await suite.ana.options.reload();
    await until(() => suite.ana.options.getByText(/The firm's server enforces policy 2026-11-01, this browser has policy 2026-12-01/).count()).toBe(1);

    await callBackground(suite.ana.options, 'startIncident', client(CLIENT, 'Noor Haddad'));
    const panel = await suite.ana.session.context.newPage();
    await panel.goto(`chrome-extension://${suite.ana.session.extensionId}/sidepanel.html?client=${encodeURIComponent(CLIENT)}`);
    await panel.getByLabel('Amount (USD)').fill('50');
    await panel.getByRole('button', { name: 'Grant' }).click();
    // Refused at once, in words, before anything reaches the client: no credit note to insert.
    await until(async () => (await panel.getByRole('alert').allTextContents()).join(' ')).toMatch(
      /Credit the courier fee \$50\.00 was not given: the firm's server refused it \(50\.00 USD is above the 25\.00 per-incident limit/,
    );
    expect(await panel.getByText("refused by the firm's server").count()).toBe(1);
    // No credit note: only the plain apology stays offered, as before any grant.
    expect(await panel.getByText(/CN-\d{4}-/).count()).toBe(0);
    expect(await panel.getByText(/We have credited/).count()).toBe(0);
    // Nothing on the server, nothing counted by colleagues or by Ana herself.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await callBackground(suite.carla.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(0);
    expect((await callBackground(suite.ana.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(0);

    // IT runs ledger:setup with the newer policy: Ana's browser reads the server's new rules, and the
    // same $50 is given and counted everywhere.
    const parsed = parsePolicyText(JSON.stringify(newer));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await setUpLedger(suite.firm.server.databaseUrl('make-it-right', true), parsed.policy);
    await until(() => suite.ana.options.getByText(/The firm's server enforces policy/).count()).toBe(0);
    await panel.reload();
    await panel.getByLabel('Amount (USD)').fill('50');
    await panel.getByRole('button', { name: 'Grant' }).click();
    await until(() => panel.getByText(/^Granted: Credit the courier fee, \$50\.00/).count()).toBe(1);
    await until(async () => (await callBackground(suite.carla.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(5000);
    await panel.close();
  });

  it("changing Your email to a colleague's while signed in signs out: nothing goes up in the colleague's name", async () => {
    expect((await callBackground(suite.ana.options, 'getLedgerStatus', undefined)).state).toBe('connected');
    await callBackground(suite.ana.options, 'setSettings', { selfEmail: CARLA });
    const after = await callBackground(suite.ana.options, 'getLedgerStatus', undefined);
    expect(after).toMatchObject({ state: 'signed-out', user: CARLA });
  });
});
