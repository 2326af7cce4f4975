import { randomUUID } from 'node:crypto';
import type { LedgerServer } from '../../scripts/ledger-server';
import { callBackground, currentWorker } from '../e2e/harness';
import { ANA, CARLA, signIn, startFirm, type Firm, type Person } from '../e2e/firm-ledger-harness';
import { atMost, failed, measured, type Figure } from './figures';
import type { Group } from './group';
import { backgroundWeight } from './weight';
import { median } from './stats';
import { LEDGER_DB_NAME } from '../../utils/ledger/db';
import { LEDGER_REVISION_KEY } from '../../utils/firm-ledger/keys';
import { LEDGER_RECORD_VERSION } from '../../utils/firm-ledger/records';

// The firm ledger between two Chromium profiles on one ledger server on 127.0.0.1 (Apache CouchDB
// from ../shared/couchdb, or what `startLedgerServer` found; the table names it): a grant in one browser until the other counts it, a request for
// approval until the approver's browser raised its notification, and a new browser's first
// replication of a firm's whole ledger (10,000 and 100,000 incidents, two records each) until every
// incident is in its ledger. Loopback only: no network latency, the server's and both browsers' work.

const TITLE = '8. Firm ledger (two Chromium profiles, a ledger server on 127.0.0.1)';
/** The group's heading names the server that answered, e.g. Apache CouchDB 3.4.3. */
const groupOf = (server: LedgerServer) => `8. Firm ledger (two Chromium profiles, ${server.name} on 127.0.0.1)`;
const GRANT_RUNS = 7;
const REQUEST_RUNS = 5;
const POLL_MS = 10;
/** Beyond six times the larger target, the figure says "not within" instead of waiting on. */
const REPLICATION_TIMEOUT_MS = 360_000;
const REPLICATION_POLL_MS = 250;

declare const chrome: typeof import('wxt/browser').browser;

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function incident(clientKey: string, name: string, category = 'shipping-error') {
  return { client: { clientKey, name, email: clientKey, source: { tool: 'manual' as const, label: 'Manual' } }, category, summary: 'Bench' };
}

/** `count` incidents of ~1,000 clients over the last 300 days, opened and granted by Carla. */
async function seed(server: LedgerServer, count: number, log: (m: string) => void): Promise<void> {
  const created = await server.asAdmin(server.databasePath('make-it-right'), { method: 'PUT' });
  if (!created.ok) throw new Error(`could not create the database: HTTP ${created.status}`);
  const now = Date.now();
  const started = Date.now();
  for (let from = 0; from < count; from += 5_000) {
    const docs: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(count, from + 5_000); i++) {
      // Records of the current format, ids Carla's own, as her browser would have written them.
      const id = `${CARLA}:${randomUUID()}`;
      const grantId = `${CARLA}:${randomUUID()}`;
      const clientKey = `client-${i % 1_000}@client.example`;
      const at = now - Math.floor((i / count) * 300 * 86_400_000) - 60_000;
      const base = { v: LEDGER_RECORD_VERSION, incidentId: id, clientKey, author: CARLA, at };
      docs.push({
        ...base,
        _id: `${id}/opened`,
        type: 'incident-opened',
        role: 'manager',
        clientName: `Client ${i % 1_000}`,
        source: { tool: 'manual', label: 'Manual' },
        category: 'shipping-error',
        summary: 'Seeded',
        policyVersion: 'bench',
        checklist: [],
      });
      docs.push({
        ...base,
        _id: `${id}/granted/${grantId}`,
        type: 'remedy-granted',
        at: at + 1_000,
        role: 'manager',
        grantId,
        remedyId: 'courier-credit',
        label: 'Credit the courier fee',
        kind: 'credit',
        amount: 100,
        currency: 'USD',
      });
    }
    const response = await server.asAdmin(`${server.databasePath('make-it-right')}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs }) });
    if (!response.ok) throw new Error(`seeding failed: HTTP ${response.status}`);
  }
  log(`seeded ${count.toLocaleString('en-US')} incidents (${(count * 2).toLocaleString('en-US')} records) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export async function twoBrowsers(extensionDir: string, log: (m: string) => void): Promise<Figure[]> {
  const firm = await startFirm([ANA, CARLA], { extensionDir });
  const [ana, carla] = firm.people as [Person, Person];
  const GROUP = groupOf(firm.server);
  try {
    const figures: Figure[] = [];
    const grantMs: number[] = [];
    for (let run = 0; run < GRANT_RUNS; run++) {
      const clientKey = `grant-${run}@client.example`;
      const started = await callBackground(carla.options, 'startIncident', incident(clientKey, `Grant ${run}`));
      const at = Date.now();
      await callBackground(carla.options, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 1000 });
      await until('the grant in the other browser', async () => (await callBackground(ana.options, 'getClientHistory', { clientKey })).givenLast365 === 1000, 30_000);
      grantMs.push(Date.now() - at);
    }
    log(`grant → other browser: ${grantMs.join(', ')} ms`);
    figures.push(measured(GROUP, 'grant in one browser → counted in the other (median)', median(grantMs), 'ms', { runs: GRANT_RUNS, target: atMost(1_000) }));

    const notifyMs: number[] = [];
    const carlaWorker = () => currentWorker(carla.session.context);
    for (let run = 0; run < REQUEST_RUNS; run++) {
      const clientKey = `ask-${run}@client.example`;
      const started = await callBackground(ana.options, 'startIncident', incident(clientKey, `Ask ${run}`, 'advice-complaint'));
      const at = Date.now();
      const asked = await callBackground(ana.options, 'requestApproval', { incidentId: started.id, remedyId: 'consult-refund', amount: 30000 });
      const requestId = asked.remedies[0]!.id;
      await until(
        'the approver notified',
        async () => (await (await carlaWorker()).evaluate(async () => Object.keys(await chrome.notifications.getAll()))).some((id) => id.includes(requestId)),
        30_000,
      );
      notifyMs.push(Date.now() - at);
    }
    log(`request → approver notified: ${notifyMs.join(', ')} ms`);
    figures.push(measured(GROUP, 'approval request → approver notified (median)', median(notifyMs), 'ms', { runs: REQUEST_RUNS, target: atMost(2_000) }));
    return figures;
  } finally {
    await firm.close();
  }
}

/**
 * Records in the replica and incidents in the ledger, read in the service worker without disturbing
 * what it times: the replica's count is PouchDB's own metadata record (one read), and the ledger's
 * incidents are counted (IndexedDB walks every entry to count) only after the background announced
 * that replicated records changed them, under LEDGER_REVISION_KEY.
 */
async function counts(person: Person, ledgerUrl: string, last: { revision: unknown; incidents: number }): Promise<{ records: number; incidents: number; revision: unknown }> {
  const worker = await currentWorker(person.session.context);
  // A string: the bench's own transpiler would add helpers that do not exist in the worker.
  return worker.evaluate(`(async () => {
    const read = (name, store, how) => new Promise((resolve) => {
      const open = indexedDB.open(name);
      open.onerror = () => resolve(0);
      open.onsuccess = () => {
        const db = open.result;
        try {
          const request = how(db.transaction(store, 'readonly').objectStore(store));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(0);
        } catch {
          resolve(0);
        } finally {
          db.close();
        }
      };
    });
    const revision = (await chrome.storage.local.get(${JSON.stringify(LEDGER_REVISION_KEY)}))[${JSON.stringify(LEDGER_REVISION_KEY)}] ?? null;
    // PouchDB reads "firm-ledger <url>" as an address and names the replica's database by the URL.
    const meta = await read(${JSON.stringify(ledgerUrl)}, 'meta', (store) => store.get('meta'));
    const incidents = JSON.stringify(revision) === ${JSON.stringify(JSON.stringify(last.revision))}
      ? ${last.incidents}
      : await read(${JSON.stringify(LEDGER_DB_NAME)}, 'incidents', (store) => store.count());
    return { records: (meta && meta.doc_count) || 0, incidents, revision };
  })()`);
}

export async function firstReplication(extensionDir: string, count: number, log: (m: string) => void): Promise<Figure[]> {
  const name = `first replication, ${count.toLocaleString('en-US')} incidents`;
  const target = atMost(count > 10_000 ? 60 : 10);
  let firm: Firm;
  try {
    firm = await startFirm([ANA], { extensionDir, signIn: false, beforeSetup: (server) => seed(server, count, log) });
  } catch (error) {
    return [failed(TITLE, name, 's', error instanceof Error ? error.message : String(error), target)];
  }
  const GROUP = groupOf(firm.server);
  try {
    const [ana] = firm.people as [Person];
    const at = Date.now();
    await signIn(ana);
    // Polled four times a second: the figure's resolution, small beside its target; each poll is two counts.
    let replicatedAt = 0;
    let now: { records: number; incidents: number; revision: unknown } = { records: 0, incidents: 0, revision: null };
    let logged = at;
    while (now.incidents < count && Date.now() - at < REPLICATION_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, REPLICATION_POLL_MS));
      now = await counts(ana, firm.databaseUrl, now);
      if (!replicatedAt && now.records >= count * 2) replicatedAt = Date.now();
      if (Date.now() - logged > 30_000) {
        logged = Date.now();
        log(`  ${((logged - at) / 1000).toFixed(0)} s: ${now.records.toLocaleString('en-US')} records replicated, ${now.incidents.toLocaleString('en-US')} incidents in the ledger`);
      }
    }
    const seconds = (Date.now() - at) / 1000;
    const records = `${(count * 2).toLocaleString('en-US')} records`;
    if (now.incidents < count) {
      const progress = `after ${seconds.toFixed(0)} s: ${now.records.toLocaleString('en-US')} of ${records} replicated, ${now.incidents.toLocaleString('en-US')} incidents in the ledger`;
      log(`${name}: not finished ${progress}`);
      return [measured(GROUP, `${name}, sign in → all in the ledger`, seconds, 's', { runs: 1, target, lowerBound: true, note: `not finished ${progress}` })];
    }
    const replicated = (replicatedAt - at) / 1000;
    log(`${name}: ${seconds.toFixed(1)} s (records all in the replica at ${replicated.toFixed(1)} s)`);
    return [
      measured(GROUP, `${name}, sign in → all in the ledger`, seconds, 's', { runs: 1, target, note: records }),
      measured(GROUP, '  of which replicating the records into the replica', replicated, 's', { runs: 1 }),
      measured(GROUP, '  of which folding into the ledger after the last record arrived', seconds - replicated, 's', { runs: 1 }),
    ];
  } catch (error) {
    return [failed(GROUP, name, 's', error instanceof Error ? error.message : String(error), target)];
  } finally {
    await firm.close();
  }
}

export const firmLedger: Group = {
  id: 'firm-ledger',
  title: TITLE,
  needsBuild: true,
  async run({ extensionDir, log }) {
    const figures: Figure[] = [];
    const background = backgroundWeight(extensionDir);
    if (background) {
      figures.push(measured(TITLE, 'background service worker with the replication libraries (gzip)', background.kb, 'KB', { runs: 1, note: `${background.note}; PouchDB 9 core, IndexedDB, HTTP, replication` }));
    }
    figures.push(...(await twoBrowsers(extensionDir, log)));
    for (const count of [10_000, 100_000]) figures.push(...(await firstReplication(extensionDir, count, log)));
    // One heading for the group, naming the server the figures were measured on.
    const named = figures.find((f) => f.group !== TITLE)?.group ?? TITLE;
    return figures.map((f) => ({ ...f, group: named }));
  },
};
