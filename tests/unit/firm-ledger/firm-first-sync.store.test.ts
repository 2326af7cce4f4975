import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFirstSync } from '@/utils/browser/firm-first-sync';
import { openReplica } from '@/utils/browser/firm-replica';
import { incidentRecordsIn } from '@/entrypoints/background/firm-projection';
import { openConfigStore } from '@/utils/config-store';
import { LEDGER_RECORD_VERSION } from '@/utils/firm-ledger/records';
import { grantRecordId, openedRecordId } from '@/utils/firm-ledger/ids';
import type { ServerDoc } from '@/utils/firm-ledger/snapshot';
import { SNAPSHOT_DATABASE_SUFFIX, SNAPSHOT_DOC_ID, partName } from '@/utils/firm-ledger/built-snapshot';
import { FIRST_SYNC_PATH_KEY } from '@/utils/firm-ledger/keys';
import { fakeBrowser } from 'wxt/testing';
import type { Ledger } from '@/utils/ledger/repository';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { CARLA, freshLedger } from '../ledger/helpers';

// A new browser's first sync with fakes around it (a stand-in for the server's `_all_docs`, the
// ledger and the replica on fake-indexeddb): the incidents come into the ledger page by page, open
// pages are told as soon as the first page is in rather than at the end, a load stopped midway
// goes on where it was, nothing doubled, open pages told at once of what it had written, and what
// was recorded here meanwhile is never written over by the server's older picture.

const URL_A = 'https://ledger.harborpine.example/firm';
afterEach(() => vi.unstubAllGlobals());

/** Carla's incidents as the server holds them: an opening and a $1.00 grant each, in id order. */
function serverDocs(count: number): ServerDoc[] {
  const now = Date.now();
  const docs: ServerDoc[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${CARLA.email}:incident-${String(i).padStart(5, '0')}`;
    const grantId = `${CARLA.email}:grant-${i}`;
    const base = { v: LEDGER_RECORD_VERSION, incidentId: id, clientKey: `client-${i % 7}@client.example`, author: CARLA.email, at: now - 3_600_000 };
    docs.push({ ...base, _id: openedRecordId(id), _rev: '1-a', type: 'incident-opened', role: 'manager', clientName: `Client ${i % 7}`, source: { tool: 'manual', label: 'Manual' }, category: 'shipping-error', summary: 'Sent by ground', policyVersion: 'test', checklist: [] });
    docs.push({ ...base, _id: grantRecordId(id, grantId), _rev: '1-b', type: 'remedy-granted', at: base.at + 1_000, role: 'manager', grantId, remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 100, currency: 'USD' });
  }
  return docs.sort((a, b) => (a._id < b._id ? -1 : 1));
}

/** A snapshot kept beside the ledger (utils/firm-ledger/built-snapshot.ts): its documents, in parts of `partSize`. */
interface Kept {
  docs: ServerDoc[];
  seq: string;
  build: string;
  partSize: number;
  /** A part served as something else than its manifest says. */
  spoilt?: string;
}

/**
 * The server's `_all_docs` pages over `docs`, and the snapshot kept beside it if any; `cut` fails
 * every request after that many pages. Counts the requests of each kind.
 */
function serveAllDocs(docs: ServerDoc[], options: { cut?: number; kept?: Kept; seq?: string } = {}) {
  let pages = 0;
  const served = { pages: 0, parts: [] as string[] };
  const kept = options.kept;
  const parts = kept ? Array.from({ length: Math.ceil(kept.docs.length / kept.partSize) }, (_, i) => kept.docs.slice(i * kept.partSize, (i + 1) * kept.partSize)) : [];
  const manifest = kept && {
    _id: SNAPSHOT_DOC_ID,
    build: kept.build,
    seq: kept.seq,
    builtAt: Date.now() - 3_600_000,
    docs: kept.docs.length,
    parts: parts.map((p, i) => ({ name: partName(i + 1), first: p[0]!._id, last: p.at(-1)!._id, docs: p.length })),
  };
  vi.stubGlobal('fetch', async (url: string) => {
    const address = new URL(url);
    if (options.cut !== undefined && pages >= options.cut) throw new TypeError('Failed to fetch');
    if (address.pathname.endsWith('/_all_docs')) {
      pages += 1;
      served.pages += 1;
      const start = address.searchParams.get('startkey');
      const after = start === null ? null : (JSON.parse(start) as string);
      const limit = Number(address.searchParams.get('limit'));
      const rows = docs.filter((d) => after === null || d._id > after).slice(0, limit).map((doc) => ({ id: doc._id, doc }));
      return Response.json({ rows });
    }
    if (address.pathname.includes(SNAPSHOT_DATABASE_SUFFIX)) {
      if (!manifest) return Response.json({ error: 'not_found' }, { status: 404 });
      if (address.pathname.endsWith(`/${SNAPSHOT_DOC_ID}`)) return Response.json(manifest);
      const name = address.pathname.split('/').at(-1)!;
      const at = manifest.parts.findIndex((p) => p.name === name);
      if (!address.pathname.includes(`${SNAPSHOT_DOC_ID}-${kept!.build}/`) || at < 0) return Response.json({ error: 'not_found' }, { status: 404 });
      served.parts.push(name);
      pages += 1;
      return Response.json(name === kept!.spoilt ? parts[at]!.slice(1) : parts[at]);
    }
    return Response.json({ update_seq: options.seq ?? `${docs.length}-seq` });
  });
  return served;
}

/**
 * `view`: what an open page shows when told to reload (the number of open incidents unless said);
 * `progress`: hears each progress the load reports.
 */
async function setUp(view?: (ledger: Ledger) => Promise<number>, progress?: (records: number) => void) {
  const ledger: Ledger = await freshLedger();
  const replica = openReplica(`${URL_A}-${Math.random()}`);
  const told: number[] = [];
  const loaded: number[] = [];
  const kept = openConfigStore();
  /** Incidents whose records wait for their opening in the replica (the projection keeps this). */
  const waiting = new Set<string>();
  /** One incident's records on the server: set by a test. */
  let onServer: (incidentId: string) => Promise<Record<string, unknown>[]> = async () => [];
  /** `config`: where the progress is kept (another store: a worker stopped before it noted any). */
  const firstSync = (config = kept) =>
    makeFirstSync({
      config,
      ledger: async () => ledger,
      refused: async () => new Map(),
      noteUnopened: async (_url, folds) => {
        for (const [id, opened] of folds) {
          if (opened) waiting.delete(id);
          else waiting.add(id);
        }
      },
      unopened: async () => waiting,
      recordsOnServer: async (_url, incidentId) => onServer(incidentId),
      incidentRecords: incidentRecordsIn,
      serial: (work) => work(),
      clientsOnScreen: async () => [],
      // What an open page would see when told to reload.
      changed: async () => void told.push(view ? await view(ledger) : (await ledger.summary(Date.now())).open),
      onProgress: async (records) => progress?.(records),
      afterLoad: async (changed) => void loaded.push(changed),
    });
  return { ledger, replica, told, loaded, firstSync, waiting, serve: (f: typeof onServer) => void (onServer = f) };
}

describe("a new browser's first sync", () => {
  it('tells open pages as soon as the first page of incidents is in, long before the load ends', async () => {
    serveAllDocs(serverDocs(1_500));
    const { ledger, replica, told, loaded, firstSync } = await setUp();
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    // The first page (1,000 records: 500 incidents) was announced as it came, not only at the end.
    expect(told[0]).toBeGreaterThan(0);
    expect(told[0]).toBeLessThan(1_500);
    expect(loaded).toEqual([1_500]);
    expect((await ledger.summary(Date.now())).open).toBe(1_500);
    expect((await replica.info()).doc_count).toBe(3_000);
    await replica.close();
  });

  it('goes on where it stopped when the server went away midway: every incident once, every record once', async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs, { cut: 1 });
    const { ledger, replica, told, loaded, firstSync } = await setUp();
    await expect(firstSync().load(URL_A, replica, () => false)).rejects.toThrow();
    const midway = (await ledger.summary(Date.now())).open;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(1_500);
    serveAllDocs(docs);
    const toldBefore = told.length;
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    // The load that goes on tells open pages at once of what the stopped one wrote (it may have
    // stopped before it could), then of the rest.
    expect(told[toldBefore]).toBe(midway);
    expect(loaded).toHaveLength(1);
    const summary = await ledger.summary(Date.now());
    expect(summary.open).toBe(1_500);
    expect((await ledger.clientHistory('client-3@client.example', Date.now())).givenLast365).toBe(Math.ceil((1_500 - 3) / 7) * 100);
    expect((await replica.info()).doc_count).toBe(3_000);
    await replica.close();
  });

  it('keeps a grant made here while the ledger\'s pass folds its incident again (a worker stopped before it noted the page)', async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs);
    const { ledger, replica, firstSync } = await setUp();
    // The first page is folded, then the worker stops.
    let asked = 0;
    expect(await firstSync().load(URL_A, replica, () => asked++ >= 1)).toBe(false);
    const incidentId = `${CARLA.email}:incident-00000`;
    expect((await ledger.getIncident(incidentId))?.remedies).toHaveLength(1);
    // Carla grants $20 more in that incident, as a command does: her record in the replica, the
    // incident as the records fold it in the ledger (the replica cannot fold it yet: no opening).
    const grantId = `${CARLA.email}:grant-here`;
    const { _rev, ...first } = docs.find((d) => d._id === grantRecordId(incidentId, `${CARLA.email}:grant-0`))!;
    void _rev;
    const grant = { ...first, _id: grantRecordId(incidentId, grantId), grantId, amount: 2_000, at: Date.now() - 1_000 };
    expect((await replica.bulkDocs([grant as never]))[0]).toMatchObject({ ok: true });
    const serverRecords = docs.filter((d) => d._id.startsWith(`${incidentId}/`));
    const granted = foldIncident([...serverRecords, grant].sort((a, b) => (a._id < b._id ? -1 : 1)) as never, Date.now(), new Map());
    expect(await ledger.applyFirmIncidents([granted!])).toBe(1);
    // A new worker finds no progress noted and loads from the first page again, then the replica.
    expect(await firstSync(openConfigStore(`progress-${Math.random()}`)).load(URL_A, replica, () => false)).toBe(true);
    expect((await ledger.getIncident(incidentId))?.remedies.map((r) => r.amount).sort((a, b) => a - b)).toEqual([100, 2_000]);
    expect((await ledger.clientHistory('client-0@client.example', Date.now())).givenLast365).toBe(Math.ceil(1_500 / 7) * 100 + 2_000);
    expect((await replica.info()).doc_count).toBe(3_001);
    await replica.close();
  });

  it('tells open pages of what it wrote last before it notes the load done (a worker stopped right after would tell no one)', async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs);
    const clientKey = 'client-6@client.example';
    let ledgerFolded = false;
    const { replica, told, loaded, firstSync } = await setUp(
      async (ledger) => (await ledger.clientHistory(clientKey, Date.now())).givenLast365,
      (records) => void (ledgerFolded ||= records >= docs.length),
    );
    // The ledger's pass, then the worker stops.
    expect(await firstSync().load(URL_A, replica, () => ledgerFolded)).toBe(false);
    const before = Math.ceil((1_500 - 6) / 7) * 100;
    expect(told.at(-1)).toBe(before);
    // Meanwhile the server took Carla's $20 grant in one of the client's incidents.
    const incidentId = `${CARLA.email}:incident-01399`;
    const { _rev, ...first } = docs.find((d) => d._id === grantRecordId(incidentId, `${CARLA.email}:grant-1399`))!;
    void _rev;
    docs.push({ ...first, _id: grantRecordId(incidentId, `${CARLA.email}:grant-later`), _rev: '1-c', grantId: `${CARLA.email}:grant-later`, amount: 2_000 });
    docs.sort((a, b) => (a._id < b._id ? -1 : 1));
    // The replica's pass finds it, and open pages are told before the load is noted done (here the
    // end of the load tells no page: a worker stopped right after it would not).
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    expect(loaded).toHaveLength(1);
    expect(told.at(-1)).toBe(before + 2_000);
    await replica.close();
  });

  it('lets replication start once the ledger holds every incident, before the replica holds any record', async () => {
    serveAllDocs(serverDocs(1_500));
    const { ledger, replica, firstSync } = await setUp();
    const seen: { open: number; records: number; since: unknown }[] = [];
    const sync = firstSync();
    const hooks = {
      ledgerLoaded: async () => void seen.push({ open: (await ledger.summary(Date.now())).open, records: (await replica.info()).doc_count, since: await sync.since(URL_A) }),
      foldAll: async () => undefined,
    };
    expect(await sync.load(URL_A, replica, () => false, hooks)).toBe(true);
    expect(seen).toEqual([{ open: 1_500, records: 0, since: '3000-seq' }]);
    await replica.close();
  });

  it("folds from the replica, in the replica's pass, a record replication brought before its incident's records were stored", async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs);
    let ledgerFolded = false;
    const { ledger, replica, firstSync, waiting } = await setUp(undefined, (records) => void (ledgerFolded ||= records >= docs.length));
    expect(await firstSync().load(URL_A, replica, () => ledgerFolded)).toBe(false);
    // Replication brings Carla's $20 grant in an incident the replica's pass has not stored yet,
    // and the server cannot be reached to complete it: the fold waits for the incident's opening.
    const incidentId = `${CARLA.email}:incident-01399`;
    const { _rev, ...first } = docs.find((d) => d._id === grantRecordId(incidentId, `${CARLA.email}:grant-1399`))!;
    void _rev;
    const later = { ...first, _id: grantRecordId(incidentId, `${CARLA.email}:grant-later`), grantId: `${CARLA.email}:grant-later`, amount: 2_000 };
    await replica.bulkDocs([later as never]);
    waiting.add(incidentId);
    // The replica's pass stores the incident's records from the server's pages, which lack it.
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    expect((await ledger.getIncident(incidentId))?.remedies.map((r) => r.amount).sort((a, b) => a - b)).toEqual([100, 2_000]);
    expect(waiting.has(incidentId)).toBe(false);
    await replica.close();
  });

  it('completes from the server, while the replica fills, an incident about to be folded', async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs);
    let ledgerFolded = false;
    const { replica, firstSync, serve } = await setUp(undefined, (records) => void (ledgerFolded ||= records >= docs.length));
    expect(await firstSync().load(URL_A, replica, () => ledgerFolded)).toBe(false);
    const incidentId = `${CARLA.email}:incident-01399`;
    const asked: string[] = [];
    serve(async (id) => {
      asked.push(id);
      return docs.filter((d) => d._id.startsWith(`${id}/`)).map(({ _conflicts, ...doc }) => (void _conflicts, doc));
    });
    await firstSync().complete(URL_A, replica, [incidentId]);
    expect((await incidentRecordsIn(replica, incidentId)).map((r) => r.type).sort()).toEqual(['incident-opened', 'remedy-granted']);
    expect((await replica.info()).doc_count).toBe(2);
    // Held now (as the pass's stored incidents are): the server is not asked again.
    await firstSync().complete(URL_A, replica, [incidentId]);
    expect(asked).toEqual([incidentId]);
    await replica.close();
  });

  it('folds the whole replica once at the end of a load resumed after replication had begun beside it, and only then', async () => {
    const docs = serverDocs(1_500);
    serveAllDocs(docs);
    let ledgerFolded = false;
    const { replica, firstSync } = await setUp(undefined, (records) => void (ledgerFolded ||= records >= docs.length));
    const calls: string[] = [];
    const hooks = (sync: ReturnType<typeof firstSync>) => ({
      ledgerLoaded: async () => {
        calls.push('live');
        await sync.liveStarted(URL_A);
      },
      foldAll: async () => void calls.push('fold all'),
    });
    const first = firstSync();
    expect(await first.load(URL_A, replica, () => ledgerFolded, hooks(first))).toBe(false);
    expect(calls).toEqual(['live']);
    // A new worker: replication starts again at once, beside the rest of the replica's pass, and
    // what the stopped worker's replication wrote is folded once every record is in.
    const second = firstSync();
    expect(await second.load(URL_A, replica, () => false, hooks(second))).toBe(true);
    expect(calls).toEqual(['live', 'live', 'fold all']);
    // A load that never ran beside replication does not.
    const calm = await setUp();
    const third = calm.firstSync(openConfigStore(`progress-${Math.random()}`));
    const quiet: string[] = [];
    expect(await third.load(URL_A, calm.replica, () => false, { ledgerLoaded: async () => void quiet.push('live'), foldAll: async () => void quiet.push('fold all') })).toBe(true);
    expect(quiet).toEqual(['live']);
    await replica.close();
    await calm.replica.close();
  });

  it("reads the snapshot kept beside the ledger instead of the server's pages, and replication carries on from its sequence", async () => {
    const docs = serverDocs(1_500);
    const served = serveAllDocs(docs, { kept: { docs, seq: '3000-kept', build: 'b1', partSize: 700 }, seq: '3010-now' });
    const { ledger, replica, loaded, firstSync } = await setUp();
    const sync = firstSync();
    expect(await sync.load(URL_A, replica, () => false)).toBe(true);
    expect(served.pages).toBe(0);
    // Each part read once: the replica's pass takes the pages the ledger's pass kept.
    expect(served.parts).toEqual(['part-0001.json', 'part-0002.json', 'part-0003.json', 'part-0004.json', 'part-0005.json']);
    expect(loaded).toEqual([1_500]);
    expect((await ledger.summary(Date.now())).open).toBe(1_500);
    expect((await ledger.clientHistory('client-3@client.example', Date.now())).givenLast365).toBe(Math.ceil((1_500 - 3) / 7) * 100);
    expect((await replica.info()).doc_count).toBe(3_000);
    expect(await sync.since(URL_A)).toBe('3000-kept');
    await replica.close();
  });

  it("reads the server's pages when the snapshot is stale, or of another database of the same name", async () => {
    const docs = serverDocs(600);
    for (const seq of ['9000-now', '10-recreated']) {
      const served = serveAllDocs(docs, { kept: { docs, seq: '1200-kept', build: 'b1', partSize: 500 }, seq });
      const { ledger, replica, firstSync } = await setUp();
      const sync = firstSync(openConfigStore(`progress-${Math.random()}`));
      expect(await sync.load(URL_A, replica, () => false)).toBe(true);
      expect(served.parts).toEqual([]);
      expect(served.pages).toBeGreaterThan(0);
      expect((await ledger.summary(Date.now())).open).toBe(600);
      expect(await sync.since(URL_A)).toBe(seq);
      await replica.close();
    }
  });

  it("reads the server's pages, snapshot or not, when the benchmark asks for them", async () => {
    const docs = serverDocs(600);
    const served = serveAllDocs(docs, { kept: { docs, seq: '1200-kept', build: 'b1', partSize: 500 } });
    await fakeBrowser.storage.local.set({ [FIRST_SYNC_PATH_KEY]: 'pages' });
    const { ledger, replica, firstSync } = await setUp();
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    expect(served.parts).toEqual([]);
    expect(served.pages).toBeGreaterThan(0);
    expect((await ledger.summary(Date.now())).open).toBe(600);
    await replica.close();
  });

  it("reads the rest from the server's pages when a part is not what the manifest says: nothing lost, nothing doubled", async () => {
    const docs = serverDocs(1_500);
    const served = serveAllDocs(docs, { kept: { docs, seq: '3000-kept', build: 'b1', partSize: 700, spoilt: 'part-0002.json' } });
    const { ledger, replica, firstSync } = await setUp();
    expect(await firstSync().load(URL_A, replica, () => false)).toBe(true);
    expect(served.parts.slice(0, 2)).toEqual(['part-0001.json', 'part-0002.json']);
    expect(served.pages).toBeGreaterThan(0);
    expect((await ledger.summary(Date.now())).open).toBe(1_500);
    expect((await ledger.clientHistory('client-3@client.example', Date.now())).givenLast365).toBe(Math.ceil((1_500 - 3) / 7) * 100);
    expect((await replica.info()).doc_count).toBe(3_000);
    await replica.close();
  });

  it("resumes on the snapshot it began with, and on the server's pages once another was built", async () => {
    const docs = serverDocs(1_500);
    for (const [build, pagesAfter] of [['b1', 0], ['b2', 1]] as const) {
      serveAllDocs(docs, { kept: { docs, seq: '3000-kept', build: 'b1', partSize: 700 }, cut: 2 });
      const { ledger, replica, firstSync } = await setUp();
      const sync = firstSync(openConfigStore(`progress-${Math.random()}`));
      await expect(sync.load(URL_A, replica, () => false)).rejects.toThrow();
      const midway = (await ledger.summary(Date.now())).open;
      expect(midway).toBeGreaterThan(0);
      expect(midway).toBeLessThan(1_500);
      const served = serveAllDocs(docs, { kept: { docs, seq: '3000-kept', build, partSize: 700 } });
      expect(await sync.load(URL_A, replica, () => false)).toBe(true);
      expect(Math.sign(served.pages)).toBe(pagesAfter);
      expect((await ledger.summary(Date.now())).open).toBe(1_500);
      expect((await replica.info()).doc_count).toBe(3_000);
      // Replication carries on from the sequence the load began with.
      expect(await sync.since(URL_A)).toBe('3000-kept');
      await replica.close();
    }
  });
});
