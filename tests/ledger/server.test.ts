// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLedgerServer, type LedgerServer } from '../../scripts/ledger-server';
import { setUpLedger } from '../../scripts/ledger-setup';
import { ledgerSnapshot } from '../../scripts/ledger-snapshot';
import { parseManifest, snapshotDatabaseUrl, buildDocId, SNAPSHOT_DOC_ID } from '@/utils/firm-ledger/built-snapshot';
import type { IncomingDoc } from '@/utils/firm-ledger/rules';
import type { Policy } from '@/utils/policy/types';
import { examplePolicy } from '../unit/example-policy';
import { ledgerRecord, requestIdOf, ANA, BEN, CARLA, DEV } from '../unit/firm-ledger/records';

// The firm's server over HTTP, as a browser that does not play by the rules would talk to it:
// `ledger:setup` against the run's ledger server (Apache CouchDB, scripts/ledger-server.ts), then
// forged writes as a signed-in staff member, each refused by the server, beside the honest write
// nearest to it, accepted.

const PASSWORD = 'correct horse battery staple';
const DB = 'make-it-right';

let server: LedgerServer;
let db: string;

async function signIn(name: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${server.origin}/_session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  expect(response.status, `signing in as ${name}`).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('AuthSession='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** A write as the holder of `cookie` (or no one); status and CouchDB's reason. */
async function put(cookie: string | null, doc: Record<string, unknown>): Promise<{ status: number; reason: string }> {
  const response = await fetch(`${db}/${encodeURIComponent(String(doc._id))}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(doc),
  });
  const body = (await response.json()) as { reason?: string; rev?: string };
  return { status: response.status, reason: body.reason ?? body.rev ?? '' };
}

/** The replicator's path: `_bulk_docs` with new_edits=false, revisions made up by the sender. */
async function replicate(cookie: string, docs: Record<string, unknown>[]): Promise<unknown[]> {
  const response = await fetch(`${db}/_bulk_docs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ docs, new_edits: false }),
  });
  expect(response.status).toBeLessThan(500);
  return (await response.json()) as unknown[];
}

async function stored(id: string): Promise<Record<string, unknown> | null> {
  const response = await server.asAdmin(`${server.databasePath(DB)}/${encodeURIComponent(id)}`);
  return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
}

beforeAll(async () => {
  server = await startLedgerServer();
  db = server.databaseUrl(DB);
  for (const email of [ANA, BEN, CARLA, DEV, 'eve@elsewhere.example']) await server.addUser(email, PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe('npm run ledger:setup', () => {
  it('creates the database, the staff as members and the rules with the policy version', async () => {
    const lines = await setUpLedger(server.databaseUrl(DB, true), examplePolicy());
    expect(lines).toEqual([
      `${db}:`,
      '  database created',
      '  _security: 4 staff members',
      '  rules written (policy 2026-11-01)',
      '  index of records by client: ready',
      '  phone page written',
      // Server-wide: set by the first setup on this server, unchanged by the next.
      expect.stringMatching(/^  attachments policy(: the page's own scripts and styles only \(\[csp\] attachments_header_value, server-wide\)| unchanged)$/),
      // The rules, the index of records by client and the phone page's views.
      '  snapshot for new browsers: 3 documents in 1 part',
      `Approvals on a phone: ${db}-phone/_design/page/index.html`,
    ]);
    // A new browser reads the client on screen's records through it first (utils/firm-ledger/client-index.ts).
    expect(await stored('_design/make-it-right-clients')).toMatchObject({ views: { records: { map: expect.stringContaining('clientKey') } } });
    const security = (await (await server.asAdmin(`${server.databasePath(DB)}/_security`)).json()) as { members: { names: string[] } };
    expect(security.members.names).toEqual([ANA, BEN, CARLA, DEV].sort());
    expect(await stored('_design/make-it-right')).toMatchObject({ policyVersion: '2026-11-01' });
  });

  it('re-run, changes nothing and loses nothing', async () => {
    const ana = await signIn(ANA);
    const record = ledgerRecord('incident-opened', ANA);
    expect((await put(ana, record)).status).toBe(201);
    const lines = await setUpLedger(server.databaseUrl(DB, true), examplePolicy());
    expect(lines).toContain('  database exists');
    expect(lines).toContain('  rules unchanged (policy 2026-11-01)');
    expect(lines).toContain('  phone page unchanged');
    expect(lines).toContain('  attachments policy unchanged');
    expect(await stored(String(record._id))).toMatchObject({ author: ANA, summary: record.summary });
  });

  it('after a policy change, enforces the new limits and records the new version', async () => {
    const raised: Policy = examplePolicy();
    raised.policyVersion = '2026-12-01';
    raised.roles = raised.roles.map((r) => (r.id === 'front-desk' ? { ...r, perIncident: 4000 } : r));
    const ana = await signIn(ANA);
    const grant = () => ledgerRecord('remedy-granted', ANA, { amount: 3500 });
    expect((await put(ana, grant())).status).toBe(403);
    const lines = await setUpLedger(server.databaseUrl(DB, true), raised);
    // What changes is printed, limit by limit.
    expect(lines).toEqual(expect.arrayContaining(['  rules updated from policy 2026-11-01 to 2026-12-01', '    front-desk per incident: 25.00 USD → 40.00 USD']));
    expect((await put(ana, grant())).status).toBe(201);
    // An older policy is refused unless IT says so, and changes nothing.
    await expect(setUpLedger(server.databaseUrl(DB, true), examplePolicy())).rejects.toThrow(
      'The server enforces policy 2026-12-01, newer than 2026-11-01: nothing changed. Set up with the newer policy, or add --allow-older to go back to this one on purpose.',
    );
    expect((await put(ana, grant())).status).toBe(201);
    // Back to the reference policy for the tests below.
    await setUpLedger(server.databaseUrl(DB, true), examplePolicy(), { allowOlder: true });
    expect((await put(ana, grant())).status).toBe(403);
  });

  it('names the staff who have no CouchDB user yet', async () => {
    const policy = examplePolicy();
    policy.staff.push({ email: 'new.hire@harborpine.example', name: 'New Hire', role: 'front-desk' });
    const lines = await setUpLedger(server.databaseUrl(DB, true), policy);
    expect(lines.slice(-3, -1)).toEqual([
      '  1 staff without a CouchDB user yet (create one each, named by the email):',
      '    new.hire@harborpine.example',
    ]);
    await setUpLedger(server.databaseUrl(DB, true), examplePolicy());
  });

  it('refuses wrong admin credentials and a URL without any, with the reason', async () => {
    const wrong = new URL(server.databaseUrl(DB, true));
    wrong.password = 'guess';
    await expect(setUpLedger(wrong.href, examplePolicy())).rejects.toThrow(/refused the admin credentials \(HTTP 401\)/);
    await expect(setUpLedger(db, examplePolicy())).rejects.toThrow(/needs the admin credentials/);
    await expect(setUpLedger('ftp://admin:x@127.0.0.1/db', examplePolicy())).rejects.toThrow(/must start with https:\/\//);
  });
});

describe('forged writes as Ana (front desk, $25.00 per incident), refused by the server', () => {
  let ana: string;
  let carla: string;
  beforeAll(async () => {
    ana = await signIn(ANA);
    carla = await signIn(CARLA);
  });

  it('a grant over her per-incident limit; at the limit, accepted', async () => {
    expect(await put(ana, ledgerRecord('remedy-granted', ANA, { amount: 2501 }))).toEqual({
      status: 403,
      reason: `25.01 USD is above the 25.00 per-incident limit of ${ANA} (front-desk): ask for approval`,
    });
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { amount: 2500 }))).status).toBe(201);
  });

  it('an approval, of anyone; Carla approving Ana\'s request is accepted', async () => {
    const forged = ledgerRecord('approval-approved', ANA, { requestedBy: BEN, amount: 2000 });
    expect(await put(ana, forged)).toEqual({
      status: 403,
      reason: `${ANA} (front-desk) does not approve requests from ${BEN} (staff)`,
    });
    expect((await put(carla, ledgerRecord('approval-approved', CARLA, { requestedBy: ANA, amount: 50000 }))).status).toBe(201);
  });

  it('an edit or a deletion of Carla\'s record', async () => {
    const record = ledgerRecord('remedy-granted', CARLA, { amount: 10000 });
    const created = await put(carla, record);
    expect(created.status).toBe(201);
    const rev = created.reason;
    expect(await put(ana, { ...record, _rev: rev, amount: 0 })).toEqual({
      status: 403,
      reason: 'Ledger records are never edited: record a new event instead',
    });
    const deletion = await fetch(`${db}/${encodeURIComponent(String(record._id))}?rev=${rev}`, {
      method: 'DELETE',
      headers: { Cookie: ana },
    });
    expect(deletion.status).toBe(403);
    expect(await stored(String(record._id))).toMatchObject({ author: CARLA, amount: 10000 });
    // Carla herself cannot rewrite it either.
    expect((await put(carla, { ...record, _rev: rev, amount: 1 })).status).toBe(403);
  });

  it('a record in Carla\'s name; in her own, accepted', async () => {
    const forged = ledgerRecord('remedy-granted', CARLA, { amount: 2000 });
    expect(await put(ana, forged)).toEqual({
      status: 403,
      reason: `The record is in the name of ${CARLA}, but ${ANA} is signed in`,
    });
    expect(await stored(String(forged._id))).toBeNull();
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { amount: 2000 }))).status).toBe(201);
  });

  it("an away record in Dev's name, or under his id; Ana marking herself away (she approves for no one); Carla's own, accepted", async () => {
    // Were a forged absence accepted, every request would skip Dev and go to whoever Ana chose.
    const forged = ledgerRecord('approver-away', DEV);
    expect(await put(ana, forged)).toEqual({ status: 403, reason: `The record is in the name of ${DEV}, but ${ANA} is signed in` });
    expect(await stored(String(forged._id))).toBeNull();
    const underHisId = { ...ledgerRecord('approver-away', DEV), author: ANA };
    expect(await put(ana, underHisId)).toEqual({ status: 403, reason: `The record's id must be away/${ANA}:…: ids belong to their author` });
    expect(await put(ana, ledgerRecord('approver-away', ANA))).toEqual({
      status: 403,
      reason: `Only approvers mark themselves away: ${ANA} (front-desk) approves for no one`,
    });
    const own = ledgerRecord('approver-away', CARLA);
    expect((await put(carla, own)).status).toBe(201);
    expect(await stored(String(own._id))).toMatchObject({ type: 'approver-away', author: CARLA, until: own.until });
  });

  it('a reopening in Carla\'s name, or of another incident\'s resolve; her own, accepted', async () => {
    const resolve = ledgerRecord('incident-resolved', CARLA);
    expect((await put(carla, resolve)).status).toBe(201);
    expect(await put(ana, ledgerRecord('incident-reopened', CARLA, { reopens: [resolve._id] }))).toEqual({
      status: 403,
      reason: `The record is in the name of ${CARLA}, but ${ANA} is signed in`,
    });
    const elsewhere = `${CARLA}:inc-9/resolved/${CARLA}:1`;
    expect(await put(ana, ledgerRecord('incident-reopened', ANA, { reopens: [elsewhere] }))).toEqual({
      status: 403,
      reason: `A reopening undoes resolves of its own incident only, not ${elsewhere}`,
    });
    expect((await put(ana, ledgerRecord('incident-reopened', ANA, { reopens: [resolve._id] }))).status).toBe(201);
    expect(await stored(String(resolve._id))).toMatchObject({ type: 'incident-resolved', author: CARLA });
  });

  it('the same forgeries through the replicator\'s path (_bulk_docs, new_edits=false)', async () => {
    const forged: IncomingDoc[] = [
      { ...ledgerRecord('remedy-granted', CARLA, { amount: 2000 }), _rev: '1-aaaa' },
      { ...ledgerRecord('remedy-granted', ANA, { amount: 90000 }), _rev: '1-bbbb' },
      { ...ledgerRecord('approval-approved', ANA, { requestedBy: BEN, amount: 2000 }), _rev: '1-cccc' },
    ];
    const honest: IncomingDoc = { ...ledgerRecord('step-ticked', ANA), _rev: '1-dddd' };
    const results = await replicate(ana, [...forged, honest]);
    expect(results.filter((r) => (r as { error?: string }).error === 'forbidden')).toHaveLength(3);
    for (const doc of forged) expect(await stored(doc._id as string)).toBeNull();
    expect(await stored(honest._id as string)).toMatchObject({ author: ANA, type: 'step-ticked' });
  });

  it('the rules themselves; no one signed in; a CouchDB user who is not on the staff list', async () => {
    // Not a database admin: refused before any validation function runs, also a write that names
    // the design document's current revision (CouchDB 3.4: 403; pouchdb-server: 401).
    const current = await stored('_design/make-it-right');
    const rules = await put(ana, { _id: '_design/make-it-right', _rev: current?._rev, validate_doc_update: 'function () {}' });
    expect([401, 403]).toContain(rules.status);
    expect(await stored('_design/make-it-right')).toMatchObject({ policyVersion: '2026-11-01' });
    expect((await put(null, ledgerRecord('incident-opened', ANA))).status).toBe(401);
    const eve = await signIn('eve@elsewhere.example');
    // Signed in but not a member: CouchDB 3.4 answers 403, pouchdb-server 401.
    expect([401, 403]).toContain((await put(eve, ledgerRecord('incident-opened', 'eve@elsewhere.example'))).status);
    const read = await fetch(`${db}/_all_docs`, { headers: { Cookie: eve } });
    expect([401, 403]).toContain(read.status);
  });
});

describe('what an insider with her own session tries on Apache CouchDB, refused', () => {
  let ana: string;
  let carla: string;
  let dev: string;
  beforeAll(async () => {
    ana = await signIn(ANA);
    carla = await signIn(CARLA);
    dev = await signIn(DEV);
  });

  it("a replicated branch over Carla's $400 grant (new_edits:false, an invented later revision) does not replace it", async () => {
    const grant = ledgerRecord('remedy-granted', CARLA, { amount: 40000, creditNoteNumber: undefined });
    expect((await put(carla, grant)).status).toBe(201);
    // Ana's version of Carla's record: the same id, a later revision that would win.
    const branch = { ...grant, author: ANA, amount: 0, _rev: '9-fff0', _revisions: { start: 9, ids: ['fff0', 'eee0'] } };
    const [answer] = (await replicate(ana, [branch])) as { error?: string; reason?: string }[];
    expect(answer).toMatchObject({ error: 'forbidden' });
    // Even in her own name: a revision other than a record's first is refused.
    const own = ledgerRecord('remedy-granted', ANA, { amount: 100 });
    expect((await put(ana, own)).status).toBe(201);
    const [later] = (await replicate(ana, [{ ...own, amount: 0, _rev: '9-abcd', _revisions: { start: 9, ids: ['abcd', 'bcde'] } }])) as { reason?: string }[];
    expect(later?.reason).toBe('Ledger records have one revision: 9-abcd is not a first');
    // The single PUT with ?new_edits=false likewise.
    const single = await fetch(`${db}/${encodeURIComponent(String(grant._id))}?new_edits=false`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: ana },
      body: JSON.stringify({ ...grant, author: ANA, amount: 0, _rev: '9-fff1', _revisions: { start: 9, ids: ['fff1'] } }),
    });
    expect(single.status).toBe(403);
    const kept = await server.asAdmin(`${server.databasePath(DB)}/${encodeURIComponent(String(grant._id))}?conflicts=true`);
    expect(await kept.json()).toMatchObject({ author: CARLA, amount: 40000 });
    expect(((await (await server.asAdmin(`${server.databasePath(DB)}/${encodeURIComponent(String(grant._id))}?conflicts=true`)).json()) as { _conflicts?: unknown })._conflicts).toBeUndefined();
  });

  it('two first revisions of one\'s own record are a conflict CouchDB keeps: the fold sets both aside (fold.test.ts)', async () => {
    const grant = ledgerRecord('remedy-granted', ANA, { amount: 2000 });
    const results = (await replicate(ana, [{ ...grant, _rev: '1-aaaa' }, { ...grant, amount: 0, _rev: '1-bbbb' }])) as { error?: string }[];
    expect(results.filter((r) => r.error)).toEqual([]);
    const read = (await (await server.asAdmin(`${server.databasePath(DB)}/${encodeURIComponent(String(grant._id))}?conflicts=true`)).json()) as { _conflicts?: string[] };
    expect(read._conflicts).toHaveLength(1);
  });

  it("an opening of Carla's incident, a grant under her grant id, a resolve in her name's place", async () => {
    const carlas = ledgerRecord('incident-opened', CARLA);
    expect((await put(carla, carlas)).status).toBe(201);
    const moved = ledgerRecord('incident-opened', ANA, { incidentId: carlas.incidentId, clientKey: 'someone.else@client.example' });
    expect((await replicate(ana, [{ ...moved, _rev: '1-abab' }]))[0]).toMatchObject({ error: 'forbidden', reason: `The incident's id must be ${ANA}:…: ids belong to their author` });
    const hidden = ledgerRecord('remedy-granted', ANA, { grantId: `${CARLA}:g-450`, amount: 0 });
    expect((await put(ana, hidden)).reason).toMatch(/ids belong to their author/);
  });

  it("an approval whose amount lies, or that names a colleague as requester of one's own request", async () => {
    const asked = requestIdOf(ANA, 'consult-refund', 150000);
    const request = ledgerRecord('approval-requested', ANA, { requestId: asked, amount: 150000 });
    expect((await put(ana, request)).status).toBe(201);
    expect((await put(carla, ledgerRecord('approval-approved', CARLA, { requestId: asked, amount: 10000 }))).reason).toMatch(/The request's id is/);
    // Carla asks for $2,000, then approves it as if Ana had asked.
    const hers = requestIdOf(CARLA, 'consult-refund', 200000);
    expect((await put(carla, ledgerRecord('approval-approved', CARLA, { requestId: hers, requestedBy: ANA, amount: 200000 }))).reason).toMatch(/The request's id is/);
    // One answer per request: Dev's approval stands; Carla's decline a moment later is a conflict, refused.
    const mine = requestIdOf(ANA, 'consult-refund', 50000, 'r-once');
    expect((await put(ana, ledgerRecord('approval-requested', ANA, { requestId: mine, amount: 50000 }))).status).toBe(201);
    expect((await put(dev, ledgerRecord('approval-approved', DEV, { requestId: mine, amount: 50000 }))).status).toBe(201);
    expect((await put(carla, ledgerRecord('approval-declined', CARLA, { requestId: mine, amount: 50000 }))).status).toBe(409);
  });

  it('a role the record claims, a time before the offline allowance or in the future, a credit note that raises a series', async () => {
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { role: 'partner', amount: 2000 }))).reason).toBe(
      `The record says ${ANA} is partner, but the policy says front-desk`,
    );
    const year = 366 * 86_400_000;
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { at: Date.now() - year, amount: 2500 }))).reason).toMatch(/older than the 72 hours/);
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { at: Date.now() + 1000 * year, amount: 2500 }))).reason).toMatch(/dated in the future/);
    expect((await put(ana, ledgerRecord('remedy-granted', ANA, { amount: 2500, creditNoteNumber: 'CN-2026-99999999999999999999' }))).status).toBe(403);
  });

  it('an attachment on a record, and a record beyond the bounds, are refused; CouchDB\'s own limit is never reached', async () => {
    const html = Buffer.from('<h1>Courier credit (pre-approved by Dev Patel)</h1>').toString('base64');
    const attached = { ...ledgerRecord('step-ticked', ANA), _attachments: { 'note.html': { content_type: 'text/html', data: html } } };
    expect(await put(ana, attached)).toEqual({ status: 403, reason: 'Ledger records carry no attachments' });
    const big = ledgerRecord('incident-opened', ANA, { incidentId: `${ANA}:big`, summary: 'x'.repeat(9_000_000) });
    const response = await fetch(`${db}/${encodeURIComponent(String(big._id))}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: ana },
      body: JSON.stringify(big),
    });
    // Above CouchDB's max_document_size (8 MB) CouchDB answers 413 itself; below it, the rules refuse.
    expect([403, 413]).toContain(response.status);
    const large = ledgerRecord('incident-opened', ANA, { incidentId: `${ANA}:large`, summary: 'x'.repeat(200_000) });
    expect((await put(ana, large)).status).toBe(403);
  });

  it('_local documents: CouchDB runs no validation on them, so a member can write one (checkpoints are kept in the browser instead)', async () => {
    const response = await fetch(`${db}/_local/someone-elses-checkpoint`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: ana },
      body: JSON.stringify({ last_seq: '999999-g1AAAAB' }),
    });
    expect(response.status).toBe(201);
  });
});

describe('the snapshot for new browsers (npm run ledger:snapshot)', () => {
  const snapshotDb = () => snapshotDatabaseUrl(server.databasePath(DB));
  async function manifest() {
    return parseManifest(await (await server.asAdmin(`${snapshotDb()}/${SNAPSHOT_DOC_ID}`)).json());
  }

  it('holds what the ledger holds, from the sequence read before it, for the staff to read', async () => {
    const ana = await signIn(ANA);
    const before = (await (await server.asAdmin(server.databasePath(DB))).json()) as { update_seq: string };
    expect(await ledgerSnapshot([server.databaseUrl(DB, true)])).toBe(0);
    const kept = (await manifest())!;
    expect(kept.seq).toBe(before.update_seq);
    const all = (await (await server.asAdmin(`${server.databasePath(DB)}/_all_docs?include_docs=true&conflicts=true`)).json()) as { rows: { doc: Record<string, unknown> }[] };
    expect(kept.docs).toBe(all.rows.length);
    // Read as a member would: Ana's session, the part's address.
    const part = await fetch(`${snapshotDatabaseUrl(db)}/${buildDocId(kept.build)}/${kept.parts[0]!.name}`, { headers: { Cookie: ana } });
    expect(part.status).toBe(200);
    expect(await part.json()).toEqual(all.rows.map((r) => r.doc));
    // Not a member: nothing of the firm's.
    const eve = await signIn('eve@elsewhere.example');
    expect([401, 403]).toContain((await fetch(`${snapshotDatabaseUrl(db)}/${SNAPSHOT_DOC_ID}`, { headers: { Cookie: eve } })).status);
    expect((await fetch(`${snapshotDatabaseUrl(db)}/${SNAPSHOT_DOC_ID}`)).status).toBe(401);
  });

  it('an insider cannot write it: not the manifest, not a part, not a document of her own, not by the replicator\'s path', async () => {
    const ana = await signIn(ANA);
    const kept = (await manifest())!;
    const url = snapshotDatabaseUrl(db);
    const current = (await (await server.asAdmin(`${snapshotDb()}/${SNAPSHOT_DOC_ID}`)).json()) as { _rev: string };
    const send = (path: string, init: RequestInit) => fetch(`${url}/${path}`, { ...init, headers: { 'Content-Type': 'application/json', Cookie: ana } });
    // A manifest naming a build of her own.
    const manifestWrite = await send(SNAPSHOT_DOC_ID, { method: 'PUT', body: JSON.stringify({ ...kept, _rev: current._rev, build: 'forged' }) });
    expect([401, 403]).toContain(manifestWrite.status);
    // A part of the current build replaced.
    const build = (await (await server.asAdmin(`${snapshotDb()}/${buildDocId(kept.build)}`)).json()) as { _rev: string };
    const partWrite = await send(`${buildDocId(kept.build)}/${kept.parts[0]!.name}?rev=${build._rev}`, { method: 'PUT', body: '[]' });
    expect([401, 403]).toContain(partWrite.status);
    // A document of her own there, directly and as a replicated write.
    expect((await send('anything', { method: 'PUT', body: JSON.stringify({ note: 'mine' }) })).status).toBe(403);
    const replicated = await send('_bulk_docs', { method: 'POST', body: JSON.stringify({ new_edits: false, docs: [{ _id: SNAPSHOT_DOC_ID, _rev: '99-ffff', ...kept, build: 'forged' }] }) });
    const answer = (await replicated.json()) as unknown;
    expect(replicated.status === 201 ? (answer as { error?: string }[])[0]?.error : replicated.status).toMatch(/^(forbidden|unauthorized|401|403)$/);
    expect((await manifest())!.build).toBe(kept.build);
  });

  it('says what is wrong instead of writing anything: no such ledger, no admin credentials, no URL', async () => {
    const said: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void said.push(line));
    try {
      expect(await ledgerSnapshot([server.databaseUrl('no-such-ledger', true)])).toBe(1);
      expect(await ledgerSnapshot([db])).toBe(1);
      expect(await ledgerSnapshot([])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(said).toEqual([
      `${server.databaseUrl('no-such-ledger')} does not exist: run npm run ledger:setup first`,
      'The database URL needs the admin credentials: https://admin:password@host/db',
      'Usage: npm run ledger:snapshot -- <database URL with admin credentials>',
    ]);
    expect((await server.asAdmin(`${snapshotDatabaseUrl(server.databasePath('no-such-ledger'))}`)).status).toBe(404);
  });

  it('a new build replaces the one before, which is removed', async () => {
    const before = (await manifest())!;
    expect(await ledgerSnapshot([server.databaseUrl(DB, true)])).toBe(0);
    const after = (await manifest())!;
    expect(after.build).not.toBe(before.build);
    expect((await server.asAdmin(`${snapshotDb()}/${buildDocId(before.build)}`)).status).toBe(404);
    expect((await server.asAdmin(`${snapshotDb()}/${buildDocId(after.build)}/${after.parts[0]!.name}`)).status).toBe(200);
  });
});
