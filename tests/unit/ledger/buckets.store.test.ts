import { describe, expect, it } from 'vitest';
import { BUCKET_MAX, BULK_WEEKS, BULK_WRITE, bucketOf, placeIncidents } from '@/utils/ledger/buckets';
import { openLedgerDb } from '@/utils/ledger/db';
import type { Incident } from '@/utils/ledger/types';
import { ANA, freshLedger, freshName, input } from './helpers';
import { examplePolicy } from '../example-policy';

// Where the ledger keeps incidents: together by client, in buckets of up to BUCKET_MAX, each
// incident with its own index entries. What a person notices: every incident is found by its id,
// in its client's history and in the lists, once, whatever way it was written.

const T0 = Date.UTC(2026, 5, 1, 12);

function incident(id: string, clientKey: string, createdAt = T0, status: Incident['status'] = 'open'): Incident {
  return {
    id, clientKey, clientName: clientKey, source: { tool: 'manual', label: 'Manual' }, category: 'shipping-error', summary: '',
    createdBy: ANA.email, createdByRole: 'front-desk', createdAt, updatedAt: createdAt, status, checklist: [], remedies: [], policyVersion: '1',
  };
}

describe('placing incidents in buckets', () => {
  it("fills the client's last bucket up to BUCKET_MAX, then starts the next one", () => {
    const last = bucketOf('alice', 4, Array.from({ length: BUCKET_MAX - 2 }, (_, i) => incident(`a${i}`, 'alice')));
    const placed = placeIncidents(['x1', 'x2', 'x3'].map((id) => incident(id, 'alice')), new Map(), new Map([['alice', last]]), false);
    expect(placed.put.map((b) => [b.n, b.incidents.length])).toEqual([[4, BUCKET_MAX]]);
    expect(placed.add.map((b) => [b.n, b.ids])).toEqual([[5, ['x3']]]);
    expect(placed.remove).toEqual([]);
  });

  it('keeps a bucket to one week of creation outside a bulk write, so reading a week reads little else', () => {
    const week = 7 * 24 * 60 * 60 * 1000;
    const last = bucketOf('alice', 2, [incident('a1', 'alice', T0)]);
    const placed = placeIncidents([incident('x1', 'alice', T0 + week), incident('x2', 'alice', T0)], new Map(), new Map([['alice', last]]), false);
    expect(placed.put.map((b) => [b.n, b.ids])).toEqual([[2, ['a1', 'x2']]]);
    expect(placed.add.map((b) => [b.n, b.ids])).toEqual([[3, ['x1']]]);
  });

  it('replaces a held incident in its own bucket, and moves one whose client changed', () => {
    const a = bucketOf('alice', 1, [incident('a1', 'alice'), incident('a2', 'alice')]);
    const b = bucketOf('bob', 1, [incident('b1', 'bob')]);
    const held = new Map([['a1', a], ['b1', b]]);
    const placed = placeIncidents([incident('a1', 'alice', T0, 'resolved'), incident('b1', 'alice')], held, new Map([['alice', a]]), false);
    expect(placed.remove).toEqual([['bob', 1]]);
    expect(placed.put.map((x) => [x.clientKey, x.ids, x.statusCreated.map((k) => k[0])])).toEqual([['alice', ['a1', 'a2', 'b1'], ['resolved', 'open', 'open']]]);
    expect(placed.add).toEqual([]);
    expect(placed.first).toEqual([]);
  });

  it('takes an incident out of the bucket it leaves before any bucket takes it in, when two clients swap', () => {
    const a = bucketOf('alice', 1, [incident('a1', 'alice'), incident('a2', 'alice')]);
    const b = bucketOf('bob', 1, [incident('b1', 'bob'), incident('b2', 'bob')]);
    const held = new Map([['a1', a], ['a2', a], ['b1', b], ['b2', b]]);
    const placed = placeIncidents([incident('a1', 'bob'), incident('b1', 'alice')], held, new Map([['alice', a], ['bob', b]]), false);
    expect(placed.first.map((x) => [x.clientKey, x.ids])).toEqual([['alice', ['a2']], ['bob', ['b2']]]);
    expect(placed.put.map((x) => [x.clientKey, x.ids])).toEqual([['alice', ['a2', 'b1']], ['bob', ['b2', 'a1']]]);
  });

  it('in a bulk write, adds buckets of their own without reading any, in chunks of BUCKET_MAX, one per quarter of creation', () => {
    let n = 100;
    const many = Array.from({ length: BUCKET_MAX + 1 }, (_, i) => incident(`c${i}`, 'carol'));
    const later = incident('c-later', 'carol', T0 + BULK_WEEKS * 7 * 24 * 60 * 60 * 1000);
    const placed = placeIncidents([...many, later], new Map(), new Map(), true, () => ++n);
    expect(placed.add.map((b) => [b.clientKey, b.n, b.incidents.length])).toEqual([['carol', 101, BUCKET_MAX], ['carol', 102, 1], ['carol', 103, 1]]);
  });
});

describe('the ledger over buckets', () => {
  it('finds every incident of a bulk write by id, by client and in the lists, once; a command on one rewrites its bucket only', async () => {
    const name = freshName();
    const ledger = await freshLedger(name);
    const count = BULK_WRITE * 3;
    const firm = Array.from({ length: count }, (_, i) => incident(`firm-${String(i).padStart(4, '0')}`, `client-${i % 7}@client.example`, T0 - i * 1000));
    expect(await ledger.addFirmIncidents(firm, 'span')).toBe(count);
    // Again, as a resumed first sync would: nothing written twice.
    expect(await ledger.addFirmIncidents(firm.slice(0, 50), 'span')).toBe(0);
    expect(await ledger.getIncident('firm-0123')).toEqual(firm[123]);
    expect((await ledger.clientHistory('client-3@client.example', T0)).incidentCount).toBe(firm.filter((i) => i.clientKey === 'client-3@client.example').length);
    const listed: string[] = [];
    for (let before: number | undefined, page; (page = await ledger.listIncidents({ status: 'open', limit: 100, ...(before === undefined ? {} : { before }) })); ) {
      listed.push(...page.incidents.map((i) => i.id));
      if (page.next === null) break;
      before = page.next;
    }
    expect(listed).toEqual(firm.map((i) => i.id));

    const started = await ledger.startIncident(input('client-3@client.example', 'Client 3'), ANA, examplePolicy(), T0 + 1000);
    await ledger.resolveIncident('firm-0003', ANA, T0 + 2000);
    const db = await openLedgerDb(name);
    const buckets = await db.getAll('buckets');
    db.close();
    const ids = buckets.flatMap((b) => b.ids);
    expect(ids.length).toBe(count + 1);
    expect(new Set(ids).size).toBe(count + 1);
    expect(buckets.every((b) => b.incidents.every((i) => i.clientKey === b.clientKey) && b.incidents.length <= BUCKET_MAX)).toBe(true);
    expect((await ledger.listIncidents({ status: 'resolved' })).incidents.map((i) => i.id)).toEqual(['firm-0003']);
    expect((await ledger.listIncidents({ limit: 1 })).incidents.map((i) => i.id)).toEqual([started.id]);
  });
});
