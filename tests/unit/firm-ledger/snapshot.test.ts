import { describe, expect, it } from 'vitest';
import { againstHeld, loadSnapshot, pageIncidents, type ServerDoc, type SnapshotPass, type SnapshotProgress, type SnapshotSink, type SnapshotSource } from '@/utils/firm-ledger/snapshot';
import { foldIncident } from '@/utils/firm-ledger/fold';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { Incident } from '@/utils/ledger/types';
import { ANA, CARLA, ledgerRecord } from './records';

// A new browser's first sync loads the server's records in pages of `_all_docs`, folding them into
// the ledger first, then storing them in the replica and checking each page's fold against what the
// ledger holds. What a person would notice: every incident is in the ledger before the replica is
// filled, and ends up folded from all its records, once per pass, wherever the page boundaries fall
// and however often the load stops and resumes; a record held in two versions on the server reaches
// the fold marked, and is set aside like a replicated one; what this browser recorded meanwhile is
// folded again from the replica, never overwritten by the server's copy.

const doc = (id: string, incidentId: string, type = 'remedy-granted'): ServerDoc =>
  ({ _id: id, _rev: `1-${id.length}`, type, v: 2, incidentId, author: CARLA, at: 1, clientKey: 'c' }) as ServerDoc;

/** `incidents` incidents with `per` records each, in id order as `_all_docs` gives them, and the design document. */
function ledger(incidents: number, per: number): ServerDoc[] {
  const docs: ServerDoc[] = [{ _id: '_design/make-it-right', _rev: '3-abc' } as ServerDoc];
  for (let i = 0; i < incidents; i++) {
    const id = `${CARLA}:inc-${String(i).padStart(4, '0')}`;
    docs.push(doc(`${id}/opened`, id, 'incident-opened'));
    for (let r = 1; r < per; r++) docs.push(doc(`${id}/granted/${CARLA}:g-${r}`, id));
  }
  return docs.sort((a, b) => (a._id < b._id ? -1 : 1));
}

function serverOf(docs: ServerDoc[], leaves: Record<string, ServerDoc[]> = {}): SnapshotSource & { pages: number; failAt: number | null } {
  const server = {
    pages: 0,
    failAt: null as number | null,
    seq: async () => '42-g1AAAA',
    page: async (after: string | null, limit: number) => {
      server.pages += 1;
      if (server.failAt !== null && server.pages >= server.failAt) throw new TypeError('Failed to fetch');
      const from = after === null ? 0 : docs.findIndex((d) => d._id > after);
      return from < 0 ? [] : docs.slice(from, from + limit);
    },
    revisions: async (id: string) => leaves[id] ?? [],
  };
  return server;
}

/** The replica and the ledger of a browser, in memory: what was stored, how often each incident was folded in each pass. */
function browserOf() {
  const replica = new Map<string, Record<string, unknown>[]>();
  const folds: Record<SnapshotPass, Map<string, LedgerRecord[][]>> = { ledger: new Map(), replica: new Map() };
  const fromReplica = new Map<string, LedgerRecord[][]>();
  /** What happened, in order: `fold ledger`, `store`, `fold replica`. */
  const events: string[] = [];
  /** Folds in the replica's pass of incidents whose records were not all stored yet. */
  const foldedBeforeStored: string[] = [];
  let saved: SnapshotProgress | null = null;
  const note = (map: Map<string, LedgerRecord[][]>, records: LedgerRecord[]) =>
    map.set(records[0]!.incidentId, [...(map.get(records[0]!.incidentId) ?? []), records]);
  const sink: SnapshotSink = {
    store: async (docs) => {
      if (events.at(-1) !== 'store') events.push('store');
      for (const d of docs) {
        const held = replica.get(String(d._id)) ?? [];
        if (!held.some((h) => h._rev === d._rev)) replica.set(String(d._id), [...held, d]);
      }
    },
    fold: async (incidents, pass) => {
      if (events.at(-1) !== `fold ${pass}`) events.push(`fold ${pass}`);
      for (const records of incidents) {
        if (pass === 'replica' && records.some((r) => !replica.has(r._id))) foldedBeforeStored.push(records[0]!.incidentId);
        note(folds[pass], records);
      }
    },
    foldFromReplica: async (ids) => {
      for (const id of ids) note(fromReplica, [...replica.values()].flat().filter((d) => d.incidentId === id) as unknown as LedgerRecord[]);
    },
    progress: async (p) => {
      saved = { ...p };
    },
  };
  return { sink, replica, folds, fromReplica, events, foldedBeforeStored, saved: () => saved };
}

/** Each incident's records on the server, by incident. */
const recordsOf = (docs: ServerDoc[], id: string) => docs.filter((d) => d.incidentId === id).map((d) => d._id).sort();

describe("a new browser's first sync from the server's records", () => {
  it('fills the ledger first, then the replica, each pass folding every incident from all its records once, with records straddling page boundaries', async () => {
    const docs = ledger(50, 3);
    const browser = browserOf();
    const progress = await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 7);
    expect(progress).toMatchObject({ seq: '42-g1AAAA', done: true });
    expect(progress.ledgerAfter).toBeUndefined();
    // Every incident in the ledger before the first record is stored; then stored before its check.
    expect(browser.events[0]).toBe('fold ledger');
    expect(browser.events.slice(1).every((e) => e !== 'fold ledger')).toBe(true);
    expect(browser.foldedBeforeStored).toEqual([]);
    expect(browser.replica.size).toBe(docs.length);
    for (const pass of ['ledger', 'replica'] as const) {
      expect(browser.folds[pass].size, pass).toBe(50);
      for (const [id, folds] of browser.folds[pass]) {
        expect(folds, `${pass} ${id}`).toHaveLength(1);
        expect(folds[0]!.map((r) => r._id).sort()).toEqual(recordsOf(docs, id));
      }
    }
  });

  it('an incident with more records than a page still folds whole', async () => {
    const docs = ledger(3, 12);
    const browser = browserOf();
    await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 5);
    for (const pass of ['ledger', 'replica'] as const) for (const folds of browser.folds[pass].values()) expect(folds.map((f) => f.length)).toEqual([12]);
  });

  it('stopped or cut off at any page of either pass, then resumed with the same sequence: nothing lost, nothing folded from part of its records', async () => {
    const docs = ledger(40, 3);
    // The replica's pass with the pages kept, and with every page read again.
    for (const keptMax of [1_000, 0]) {
      const requests = serverOf(docs);
      await loadSnapshot(requests, browserOf().sink, null, () => false, 9, keptMax);
      for (let stopAt = 1; stopAt <= requests.pages; stopAt++) {
        const browser = browserOf();
        const server = serverOf(docs);
        server.failAt = stopAt;
        const where = `stopped at request ${stopAt}, keeping ${keptMax}`;
        await expect(loadSnapshot(server, browser.sink, null, () => false, 9, keptMax), where).rejects.toThrow('Failed to fetch');
        const stoppedAt = browser.saved();
        expect(stoppedAt?.done).toBe(false);
        server.failAt = null;
        const progress = await loadSnapshot(server, browser.sink, stoppedAt, () => false, 9, keptMax);
        expect(progress).toMatchObject({ seq: '42-g1AAAA', done: true });
        expect(browser.replica.size).toBe(docs.length);
        // Stored once each, and every incident's last fold in each pass had all its records.
        expect([...browser.replica.values()].every((revs) => revs.length === 1)).toBe(true);
        expect(browser.foldedBeforeStored).toEqual([]);
        for (const pass of ['ledger', 'replica'] as const) {
          expect(browser.folds[pass].size, `${pass}, ${where}`).toBe(40);
          for (const [id, folds] of browser.folds[pass]) expect(folds.at(-1)!.length, `${pass} ${id}, ${where}`).toBe(3);
        }
      }
    }
  });

  it('a stop asked between pages leaves progress that resumes to the same end', async () => {
    const docs = ledger(30, 2);
    for (const stopAfter of [1, 3, 5, 8]) {
      const browser = browserOf();
      let pages = 0;
      const counting = { ...browser.sink, progress: async (p: SnapshotProgress) => { pages += 1; await browser.sink.progress(p); } };
      const first = await loadSnapshot(serverOf(docs), counting, null, () => pages > stopAfter, 8);
      expect(first.done).toBe(false);
      const rest = await loadSnapshot(serverOf(docs), browser.sink, first, () => false, 8);
      expect(rest.done).toBe(true);
      expect(browser.replica.size).toBe(docs.length);
      for (const pass of ['ledger', 'replica'] as const) {
        expect(browser.folds[pass].size, `${pass}, stopped after ${stopAfter}`).toBe(30);
        for (const folds of browser.folds[pass].values()) expect(folds.at(-1)).toHaveLength(2);
      }
    }
  });

  it("the replica's pass takes the pages the ledger's pass kept, and reads from the server only the rest", async () => {
    const docs = ledger(30, 2);
    // Pages of 16 documents: four requests a pass (61 documents), each page kept while 20 allow.
    for (const [keptMax, pages] of [[1_000, 4], [20, 7], [0, 8]] as const) {
      const server = serverOf(docs);
      const browser = browserOf();
      await loadSnapshot(server, browser.sink, null, () => false, 16, keptMax);
      expect(server.pages, `keeping ${keptMax}`).toBe(pages);
      expect(browser.replica.size).toBe(docs.length);
      expect(browser.folds.replica.size).toBe(30);
    }
  });

  it('a load stopped by a version that filled the replica first goes on with the replica, folding as it stores', async () => {
    const docs = ledger(20, 2);
    const browser = browserOf();
    const earlier: SnapshotProgress = { seq: '42-g1AAAA', after: docs[10]!._id, done: false };
    await loadSnapshot(serverOf(docs), browser.sink, earlier, () => false, 6);
    expect(browser.folds.ledger.size).toBe(0);
    expect(browser.replica.size).toBe(docs.filter((d) => d._id > docs[10]!._id).length);
  });

  it("records of one incident that come apart in the server's order are folded from the replica once all are in", async () => {
    const docs = ledger(4, 2);
    const strayId = docs.find((d) => d._id.endsWith('/opened'))!.incidentId as string;
    // A record of the first incident placed after the others (as a collation that differs from ours would).
    docs.push(doc(`~stray/${strayId}`, strayId));
    const browser = browserOf();
    await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 3);
    expect(browser.fromReplica.get(strayId)!.at(-1)!.map((r) => r._id)).toContain(`~stray/${strayId}`);
    expect(browser.fromReplica.get(strayId)!.at(-1)).toHaveLength(3);
  });

  it("a record the server holds in two versions is stored with both and reaches the fold marked: the forged grant is set aside", async () => {
    const opened = { ...ledgerRecord('incident-opened', ANA), _rev: '1-aaa' } as unknown as ServerDoc;
    const grant = ledgerRecord('remedy-granted', ANA, { amount: 2000 });
    const forged = { ...grant, amount: 0, author: ANA, _rev: '9-fff', _conflicts: ['1-bbb'] } as unknown as ServerDoc;
    const leaves = { [forged._id]: [{ ...forged, _conflicts: undefined, _revisions: { start: 9, ids: ['fff'] } }, { ...grant, _rev: '1-bbb', _revisions: { start: 1, ids: ['bbb'] } }] as unknown as ServerDoc[] };
    const docs = [opened, forged].sort((a, b) => (a._id < b._id ? -1 : 1));
    const browser = browserOf();
    let folded: Incident | null = null;
    await loadSnapshot(serverOf(docs, leaves), { ...browser.sink, fold: async ([records], pass) => void (pass === 'replica' && (folded = foldIncident(records!, Date.now()))) }, null, () => false);
    expect(browser.replica.get(forged._id)!.map((d) => d._rev).sort()).toEqual(['1-bbb', '9-fff']);
    expect(browser.replica.get(forged._id)!.every((d) => !('_conflicts' in d) || d._conflicts === undefined)).toBe(true);
    expect(folded).not.toBeNull();
    // The conflicted record counts for nothing: no $0 grant standing in for Ana's $20, and it is named.
    expect(folded!.remedies).toEqual([]);
    expect(folded!.setAside?.map((a) => a.recordId)).toEqual([forged._id]);
  });

  it('groups a page by incident and carries the last one over, unless it is the last page', () => {
    const docs = ledger(3, 2).filter((d) => !d._id.startsWith('_'));
    const { whole, carried } = pageIncidents(docs, false);
    expect(whole.map((g) => g.length)).toEqual([2, 2]);
    expect(carried).toHaveLength(2);
    expect(pageIncidents(docs, true).whole).toHaveLength(3);
  });

  it("the replica's pass writes what the ledger lacks, leaves what it holds alike, and folds again from the replica what differs", () => {
    const opened = ledgerRecord('incident-opened', ANA);
    const grant = ledgerRecord('remedy-granted', ANA, { amount: 2000 });
    const fromServer = foldIncident([opened, grant] as unknown as LedgerRecord[], Date.now())!;
    const missing = { ...fromServer, id: `${fromServer.id}-2` };
    // This browser granted more meanwhile: its record is in the replica only.
    const heldHere = { ...fromServer, remedies: [...fromServer.remedies, { ...fromServer.remedies[0]!, id: 'mine', amount: 500 }] };
    expect(againstHeld([fromServer, missing], new Map([[fromServer.id, structuredClone(fromServer)]]))).toEqual({ write: [missing], fromReplica: [] });
    expect(againstHeld([fromServer], new Map([[fromServer.id, heldHere]]))).toEqual({ write: [], fromReplica: [fromServer.id] });
  });
});
