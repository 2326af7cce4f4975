import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { startLedgerServer, type LedgerServer } from '../../scripts/ledger-server';
import { setUpLedger } from '../../scripts/ledger-setup';
import { parsePolicyText } from '../../utils/policy/parse';
import { callBackground, currentWorker } from '../e2e/harness';
import { ANA, CARLA, PASSWORD, firmPolicy, startFirm, type Person } from '../e2e/firm-ledger-harness';
import { atMost, failed, measured, type Figure } from './figures';
import type { Group } from './group';
import { backgroundWeight } from './weight';
import { median } from './stats';
import { LEDGER_DB_NAME } from '../../utils/ledger/db';
import { FIRST_SYNC_PATH_KEY, FIRST_SYNC_PROGRESS_KEY, LEDGER_REVISION_KEY } from '../../utils/firm-ledger/keys';
import { CONFIG_DB_NAME } from '../../utils/config-store';
import { clientRecordsPath } from '../../utils/firm-ledger/client-index';
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
/** How long the bench waits for CouchDB's own work after the fill (compaction, indexes) before the first run. */
const QUIET_WAIT_MS = 300_000;

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
 * incidents are counted (IndexedDB walks every index entry to count: a second at 100,000) only after
 * the background announced that replicated records changed them, under LEDGER_REVISION_KEY, and
 * during a first sync only once its progress says the ledger's pass is over (the count then checks it).
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
    const progress = await read(${JSON.stringify(CONFIG_DB_NAME)}, 'values', (store) => store.get(${JSON.stringify(FIRST_SYNC_PROGRESS_KEY)}));
    const loading = progress && typeof progress === 'object' && 'ledgerAfter' in progress;
    const incidents = loading || JSON.stringify(revision) === ${JSON.stringify(JSON.stringify(last.revision))}
      ? ${last.incidents}
      : await read(${JSON.stringify(LEDGER_DB_NAME)}, 'buckets', (store) => store.index('by-id').count());
    // While loading, the revision seen is not taken as counted: the count comes when the pass is over.
    return { records: (meta && meta.doc_count) || 0, incidents, revision: loading ? ${JSON.stringify(last.revision)} : revision };
  })()`);
}

type FirstSyncPath = 'snapshot' | 'pages' | 'replication';
const PATH_NAMES: Record<FirstSyncPath, string> = {
  snapshot: 'first sync from the kept snapshot',
  pages: "first sync from the server's pages (_all_docs)",
  replication: 'record by record (replication)',
};
/** Runs of each path per size: the product's path, median of 3; the others once at 100,000 (35 s and 3.5 min a run). */
const onceWhenLarge = (count: number) => (count > 10_000 ? 1 : 3);
const RUNS: Record<FirstSyncPath, (count: number) => number> = { snapshot: () => 3, pages: onceWhenLarge, replication: onceWhenLarge };

/** The client on screen while a new browser signs in: its panel must show the firm's totals within 2 s. */
const ON_SCREEN = 'client-7@client.example';

/** One new browser signing in to the seeded ledger: seconds until every incident is in its ledger. */
async function oneFirstSync(
  server: LedgerServer,
  count: number,
  path: FirstSyncPath,
  extensionDir: string,
): Promise<{ seconds: number; replicated: number; usable: number; live: number; finished: boolean; progress: string }> {
  const firm = await startFirm([ANA], {
    extensionDir,
    signIn: false,
    server,
    beforePolicy: async (session) => {
      const worker = await currentWorker(session.context);
      const tab = { tabId: 4242, url: 'https://mail.google.com/', hasCompose: false, client: { source: 'gmail', sourceLabel: 'Gmail', email: ON_SCREEN, name: 'Client 7', firstName: 'Client', pageKind: 'thread' } };
      await worker.evaluate(`Promise.all([
        chrome.storage.local.set({ ${JSON.stringify(FIRST_SYNC_PATH_KEY)}: ${JSON.stringify(path)} }),
        chrome.storage.session.set({ 'tabClient:4242': ${JSON.stringify(tab)} }),
      ])`);
    },
  });
  try {
    const [ana] = firm.people as [Person];
    // Each seeded incident gave $1.00; the client on screen has one in a thousand of them.
    const firmTotal = 100 * Math.floor(count / 1_000);
    await ana.options.getByLabel('Ledger password').fill(PASSWORD);
    const at = Date.now();
    await ana.options.getByRole('button', { name: 'Sign in' }).click();
    // Polled four times a second: the figure's resolution, small beside its target; each poll is two counts.
    let replicatedAt = 0;
    let usableAt = 0;
    let liveAt = 0;
    let ledgerAt = 0;
    let now: { records: number; incidents: number; revision: unknown } = { records: 0, incidents: 0, revision: null };
    // Until every incident is in the ledger and every record in the replica (either may come first).
    while (!(ledgerAt && replicatedAt) && Date.now() - at < REPLICATION_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, REPLICATION_POLL_MS));
      if (!usableAt && (await callBackground(ana.options, 'getClientHistory', { clientKey: ON_SCREEN })).givenLast365 === firmTotal) usableAt = Date.now();
      if (!liveAt && (await callBackground(ana.options, 'getLedgerStatus', undefined)).state === 'connected') liveAt = Date.now();
      now = await counts(ana, firm.databaseUrl, now);
      if (!replicatedAt && now.records >= count * 2) replicatedAt = Date.now();
      if (!ledgerAt && now.incidents >= count) ledgerAt = Date.now();
    }
    const ended = Date.now();
    const progress = `${now.records.toLocaleString('en-US')} records replicated, ${now.incidents.toLocaleString('en-US')} incidents in the ledger`;
    const finished = ledgerAt > 0 && replicatedAt > 0;
    return {
      seconds: ((finished ? ledgerAt : ended) - at) / 1000,
      replicated: ((replicatedAt || ended) - at) / 1000,
      usable: ((usableAt || ended) - at) / 1000,
      live: ((liveAt || ended) - at) / 1000,
      finished,
      progress,
    };
  } finally {
    await firm.close();
  }
}

/** A server seeded with `count` incidents, then new browsers signing in to it by each path in turn. */
export async function firstReplication(extensionDir: string, count: number, log: (m: string) => void): Promise<Figure[]> {
  const size = `${count.toLocaleString('en-US')} incidents`;
  const target = atMost(count > 10_000 ? 20 : 5);
  const server = await startLedgerServer();
  const GROUP = groupOf(server);
  try {
    const parsed = parsePolicyText(firmPolicy('http://127.0.0.1/make-it-right'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await server.addUser(ANA, PASSWORD);
    await seed(server, count, log);
    const setupAt = Date.now();
    await setUpLedger(server.databaseUrl('make-it-right', true), parsed.policy);
    // A set-up server: the index of records by client built (ledger:setup may return before it is).
    const view = `${server.databasePath('make-it-right')}/${clientRecordsPath('').replace('include_docs=true', 'limit=0')}`;
    while (!(await server.asAdmin(view)).ok) await new Promise((r) => setTimeout(r, 1_000));
    log(`ledger:setup on ${size} (its snapshot for new browsers written) with the index of records by client built: ${((Date.now() - setupAt) / 1000).toFixed(1)} s`);
    // CouchDB goes on compacting and indexing after a large fill: the first run would measure that.
    const quietFrom = Date.now();
    while (Date.now() - quietFrom < QUIET_WAIT_MS) {
      const tasks = await server.asAdmin('/_active_tasks');
      if (!tasks.ok || ((await tasks.json()) as unknown[]).length === 0) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    log(`the server's own tasks over after ${((Date.now() - quietFrom) / 1000).toFixed(1)} s`);
    const figures: Figure[] = [];
    // BENCH_FIRST_SYNC=snapshot measures one path only (while working on it).
    const paths = (['snapshot', 'pages', 'replication'] as const).filter((p) => !process.env.BENCH_FIRST_SYNC || process.env.BENCH_FIRST_SYNC === p);
    for (const path of paths) {
      const name = `first replication, ${size}, ${PATH_NAMES[path]}`;
      const runs: Awaited<ReturnType<typeof oneFirstSync>>[] = [];
      for (let run = 0; run < RUNS[path](count); run++) {
        const load = loadNow();
        const result = await oneFirstSync(server, count, path, extensionDir);
        log(`${name}, run ${run + 1} (load ${load}): ${result.finished ? `${result.seconds.toFixed(1)} s (Connected at ${result.live.toFixed(1)} s, records all in the replica at ${result.replicated.toFixed(1)} s, client on screen at ${result.usable.toFixed(1)} s)` : `not finished after ${result.seconds.toFixed(0)} s: ${result.progress}`}`);
        runs.push(result);
        if (!result.finished) break;
      }
      const unfinished = runs.find((r) => !r.finished);
      if (unfinished) {
        figures.push(measured(GROUP, `${name}, sign in → all in the ledger`, unfinished.seconds, 's', { runs: runs.length, target: path === 'snapshot' ? target : undefined, lowerBound: true, note: `not finished: ${unfinished.progress}` }));
        continue;
      }
      const seconds = median(runs.map((r) => r.seconds));
      const replicated = median(runs.map((r) => r.replicated));
      figures.push(
        measured(GROUP, `${name}, sign in → all in the ledger`, seconds, 's', {
          runs: runs.length,
          ...(path === 'snapshot' ? { target } : {}),
          note: `${(count * 2).toLocaleString('en-US')} records; runs ${runs.map((r) => r.seconds.toFixed(1)).join(', ')} s`,
        }),
        measured(GROUP, '  live replication running (Connected)', median(runs.map((r) => r.live)), 's', { runs: runs.length }),
        measured(GROUP, '  every record in the replica', replicated, 's', { runs: runs.length }),
        measured(GROUP, `  the client on screen shown with the firm's totals`, median(runs.map((r) => r.usable)), 's', {
          runs: runs.length,
          ...(path === 'snapshot' ? { target: atMost(2) } : {}),
        }),
      );
    }
    return figures;
  } catch (error) {
    return [failed(GROUP, `first replication, ${size}`, 's', error instanceof Error ? error.message : String(error), target)];
  } finally {
    await server.stop();
  }
}

/** The machine's load averages now (1, 5, 15 minutes), printed with each run. */
function loadNow(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
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
    // BENCH_FIRST_SYNC_SIZES=10000 measures one size only (while working on it).
    const sizes = process.env.BENCH_FIRST_SYNC_SIZES?.split(',').map(Number) ?? [10_000, 100_000];
    for (const count of sizes) figures.push(...(await firstReplication(extensionDir, count, log)));
    // One heading for the group, naming the server the figures were measured on.
    const named = figures.find((f) => f.group !== TITLE)?.group ?? TITLE;
    return figures.map((f) => ({ ...f, group: named }));
  },
};
