import { describe, expect, it } from 'vitest';
import { loadSnapshot, pageIncidents, type ServerDoc, type SnapshotProgress, type SnapshotSink, type SnapshotSource } from '@/utils/firm-ledger/snapshot';
import { foldIncident } from '@/utils/firm-ledger/fold';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { Incident } from '@/utils/ledger/types';
import { ANA, CARLA, ledgerRecord } from './records';

// A new browser's first sync loads the server's records in pages of `_all_docs` and folds them page
// by page. What a person would notice: every incident ends up folded from all its records, once,
// wherever the page boundaries fall and however often the load stops and resumes; a record held in
// two versions on the server reaches the fold marked, and is set aside like a replicated one.

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

/** The replica and the ledger of a browser, in memory: what was stored, how often each incident was folded. */
function browserOf() {
  const replica = new Map<string, Record<string, unknown>[]>();
  const folds = new Map<string, LedgerRecord[][]>();
  let saved: SnapshotProgress | null = null;
  const sink: SnapshotSink = {
    store: async (docs) => {
      for (const d of docs) {
        const held = replica.get(String(d._id)) ?? [];
        if (!held.some((h) => h._rev === d._rev)) replica.set(String(d._id), [...held, d]);
      }
    },
    fold: async (incidents) => {
      for (const records of incidents) folds.set(records[0]!.incidentId, [...(folds.get(records[0]!.incidentId) ?? []), records]);
    },
    foldFromReplica: async (ids) => {
      for (const id of ids) {
        const records = [...replica.values()].flat().filter((d) => d.incidentId === id) as unknown as LedgerRecord[];
        folds.set(id, [...(folds.get(id) ?? []), records]);
      }
    },
    progress: async (p) => {
      saved = { ...p };
    },
  };
  return { sink, replica, folds, saved: () => saved };
}

describe("a new browser's first sync from the server's records", () => {
  it('folds every incident from all its records, once, with records straddling page boundaries', async () => {
    const docs = ledger(50, 3);
    const browser = browserOf();
    const progress = await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 7);
    expect(progress).toMatchObject({ seq: '42-g1AAAA', done: true });
    expect(browser.replica.size).toBe(docs.length);
    expect(browser.folds.size).toBe(50);
    for (const [id, folds] of browser.folds) {
      expect(folds, id).toHaveLength(1);
      expect(folds[0]!.map((r) => r._id).sort()).toEqual(docs.filter((d) => d.incidentId === id).map((d) => d._id).sort());
    }
  });

  it('an incident with more records than a page still folds whole', async () => {
    const docs = ledger(3, 12);
    const browser = browserOf();
    await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 5);
    for (const folds of browser.folds.values()) expect(folds.map((f) => f.length)).toEqual([12]);
  });

  it('stopped or cut off at any page, then resumed with the same sequence: nothing lost, nothing folded from part of its records', async () => {
    const docs = ledger(40, 3);
    const pages = Math.ceil(docs.length / 9);
    for (let stopAt = 1; stopAt <= pages; stopAt++) {
      const browser = browserOf();
      const server = serverOf(docs);
      server.failAt = stopAt;
      await expect(loadSnapshot(server, browser.sink, null, () => false, 9)).rejects.toThrow('Failed to fetch');
      const stoppedAt = browser.saved();
      expect(stoppedAt?.done).toBe(false);
      server.failAt = null;
      const progress = await loadSnapshot(server, browser.sink, stoppedAt, () => false, 9);
      expect(progress).toMatchObject({ seq: '42-g1AAAA', done: true });
      expect(browser.replica.size).toBe(docs.length);
      // Stored once each, and every incident's last fold had all its records.
      expect([...browser.replica.values()].every((revs) => revs.length === 1)).toBe(true);
      expect(browser.folds.size).toBe(40);
      for (const [id, folds] of browser.folds) expect(folds.at(-1)!.length, `${id}, stopped at page ${stopAt}`).toBe(3);
    }
  });

  it('a stop asked between pages leaves progress that resumes to the same end', async () => {
    const docs = ledger(30, 2);
    const browser = browserOf();
    let pages = 0;
    const first = await loadSnapshot(serverOf(docs), { ...browser.sink, store: async (d) => { pages += 1; await browser.sink.store(d); } }, null, () => pages >= 3, 8);
    expect(first.done).toBe(false);
    const rest = await loadSnapshot(serverOf(docs), browser.sink, first, () => false, 8);
    expect(rest.done).toBe(true);
    expect(browser.folds.size).toBe(30);
    for (const folds of browser.folds.values()) expect(folds.at(-1)).toHaveLength(2);
  });

  it("records of one incident that come apart in the server's order are folded from the replica once all are in", async () => {
    const docs = ledger(4, 2);
    const strayId = docs.find((d) => d._id.endsWith('/opened'))!.incidentId as string;
    // A record of the first incident placed after the others (as a collation that differs from ours would).
    docs.push(doc(`~stray/${strayId}`, strayId));
    const browser = browserOf();
    await loadSnapshot(serverOf(docs), browser.sink, null, () => false, 3);
    expect(browser.folds.get(strayId)!.at(-1)!.map((r) => r._id)).toContain(`~stray/${strayId}`);
    expect(browser.folds.get(strayId)!.at(-1)).toHaveLength(3);
  });

  it("a record the server holds in two versions is stored with both and reaches the fold marked: the forged grant is set aside", async () => {
    const opened = { ...ledgerRecord('incident-opened', ANA), _rev: '1-aaa' } as unknown as ServerDoc;
    const grant = ledgerRecord('remedy-granted', ANA, { amount: 2000 });
    const forged = { ...grant, amount: 0, author: ANA, _rev: '9-fff', _conflicts: ['1-bbb'] } as unknown as ServerDoc;
    const leaves = { [forged._id]: [{ ...forged, _conflicts: undefined, _revisions: { start: 9, ids: ['fff'] } }, { ...grant, _rev: '1-bbb', _revisions: { start: 1, ids: ['bbb'] } }] as unknown as ServerDoc[] };
    const docs = [opened, forged].sort((a, b) => (a._id < b._id ? -1 : 1));
    const browser = browserOf();
    let folded: Incident | null = null;
    await loadSnapshot(serverOf(docs, leaves), { ...browser.sink, fold: async ([records]) => void (folded = foldIncident(records!, Date.now())) }, null, () => false);
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
});
