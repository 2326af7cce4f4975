import { describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { openLedgerDb, type LegacySchema } from '@/utils/ledger/db';
import { BUCKET_MAX } from '@/utils/ledger/buckets';
import type { Incident } from '@/utils/ledger/types';
import { examplePolicy } from '../example-policy';
import { ANA, freshLedger, freshName } from './helpers';
import { exportText } from './export-source';

const T0 = Date.UTC(2026, 5, 1, 12);

/** The database at an earlier version, as that version's code typed it. */
const openAt = async (name: string, version: number) => (await openLedgerDb(name, version)) as unknown as IDBPDatabase<LegacySchema>;
const LATEST_INDEXES = ['by-id', 'by-status-created'];

// Records as version 1 stored them: no status (resolvedAt said it), no updatedAt.
type V1Record = Omit<Incident, 'status' | 'updatedAt'>;

function v1Record(id: string, over: Partial<V1Record> = {}): V1Record {
  return {
    id,
    clientKey: 'alice@client.example',
    clientName: 'Alice Example',
    clientEmail: 'alice@client.example',
    source: { tool: 'gmail', label: 'Gmail', url: 'https://mail.google.com/mail/u/0/#inbox/abc' },
    category: 'shipping-error',
    summary: 'Sent the tax pack to the old address',
    createdBy: ANA.email,
    createdByRole: 'front-desk',
    createdAt: T0,
    checklist: [
      { stepId: 'acknowledge', label: 'Acknowledge the mistake plainly', dueAt: T0, doneAt: T0 + 60_000, doneBy: ANA.email },
      { stepId: 'follow-up', label: 'Follow up the next day', dueAt: T0 + 86_400_000 },
    ],
    remedies: [],
    policyVersion: '2026-01-01',
    ...over,
  };
}

const records: V1Record[] = [
  v1Record('open-one'),
  v1Record('resolved-one', { createdAt: T0 - 1000, resolvedAt: T0 + 500_000, resolvedBy: ANA.email }),
  v1Record('with-notes', {
    createdAt: T0 - 2000,
    remedies: [
      {
        id: 'g1', remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 2000,
        currency: 'USD', status: 'granted', decision: 'within-authority', requestedBy: ANA.email,
        requestedByRole: 'front-desk', requestedAt: T0 + 100_000, grantedAt: T0 + 200_000, creditNoteNumber: 'CN-2026-0003',
      },
      {
        id: 'g2', remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 500,
        currency: 'USD', status: 'granted', decision: 'within-authority', requestedBy: ANA.email,
        requestedByRole: 'front-desk', requestedAt: T0 - 3000, grantedAt: T0 - 3000, creditNoteNumber: 'CN-2025-0007',
      },
    ],
  }),
];

describe('ledger schema migration', () => {
  it('v1 → latest keeps every record, back-fills status and updatedAt, seeds the credit note sequences and the client search', async () => {
    const name = freshName();
    const v1 = await openAt(name, 1);
    expect([...v1.objectStoreNames]).toEqual(['incidents']);
    for (const record of records) await v1.put('incidents', record as Incident);
    v1.close();

    const ledger = await freshLedger(name);
    for (const record of records) {
      const incident = await ledger.getIncident(record.id);
      expect(incident).toMatchObject(record);
    }
    expect((await ledger.getIncident('open-one'))).toMatchObject({ status: 'open', updatedAt: T0 + 60_000 });
    expect((await ledger.getIncident('resolved-one'))).toMatchObject({ status: 'resolved', updatedAt: T0 + 500_000 });
    expect((await ledger.getIncident('with-notes'))).toMatchObject({ status: 'open', updatedAt: T0 + 200_000 });

    expect((await ledger.listIncidents({ status: 'open' })).incidents.map((i) => i.id)).toEqual(['open-one', 'with-notes']);
    expect(JSON.parse(await exportText(ledger, 'json', 'UTC', T0)).sequences).toEqual({ 'CN-2025': 7, 'CN-2026': 3 });
    const granted = await ledger.grantRemedy(
      { incidentId: 'open-one', remedyId: 'courier-credit', amount: 100 }, ANA, examplePolicy(), T0 + 1_000_000,
    );
    expect(granted.remedies[0]?.creditNoteNumber).toBe('CN-2026-0004');
    expect(await ledger.searchClients('alice')).toEqual([
      { clientKey: 'alice@client.example', name: 'Alice Example', email: 'alice@client.example' },
    ]);
  });

  it('v2 → v3 builds the client search from the incidents v2 stored', async () => {
    const name = freshName();
    const v2 = await openAt(name, 2);
    expect([...v2.objectStoreNames].sort()).toEqual(['incidents', 'meta']);
    const stored: Incident[] = [
      { ...(v1Record('old') as Incident), clientName: 'Alice Ex', status: 'open', updatedAt: T0 - 5000, createdAt: T0 - 5000 },
      { ...(v1Record('new') as Incident), clientName: 'Alice Moreau', status: 'open', updatedAt: T0, createdAt: T0 },
      {
        ...(v1Record('crm') as Incident),
        clientKey: 'clio:88',
        clientName: 'Bernard Lambert',
        clientEmail: undefined,
        status: 'resolved',
        updatedAt: T0,
      },
    ];
    for (const record of stored) await v2.put('incidents', record);
    v2.close();

    const ledger = await freshLedger(name);
    for (const record of stored) expect(await ledger.getIncident(record.id)).toEqual(record);
    expect(await ledger.searchClients('moreau')).toEqual([
      { clientKey: 'alice@client.example', name: 'Alice Moreau', email: 'alice@client.example' },
    ]);
    expect(await ledger.searchClients('ex')).toEqual([]);
    expect(await ledger.searchClients('lam')).toEqual([{ clientKey: 'clio:88', name: 'Bernard Lambert' }]);
  });

  it("v4 → v5 drops the indexes by client and by status alone, and a client's history and badge still count every incident", async () => {
    const name = freshName();
    const v4 = await openAt(name, 4);
    expect([...v4.transaction('incidents').store.indexNames].sort()).toEqual(['by-client', 'by-client-created', 'by-created', 'by-status', 'by-status-created']);
    const stored: Incident[] = [
      { ...(v1Record('first') as Incident), status: 'open', updatedAt: T0 - 5000, createdAt: T0 - 5000 },
      { ...(v1Record('second') as Incident), status: 'resolved', updatedAt: T0, createdAt: T0 },
    ];
    for (const record of stored) await v4.put('incidents', record);
    v4.close();

    const v5 = await openAt(name, 5);
    expect([...v5.transaction('incidents').store.indexNames].sort()).toEqual(['by-client-created', 'by-created', 'by-status-created']);
    v5.close();
    const ledger = await freshLedger(name);
    const history = await ledger.clientHistory('alice@client.example', T0 + 1_000);
    expect(history.incidents.map((i) => i.id)).toEqual(['second', 'first']);
    expect(await ledger.openIncidentCount('alice@client.example')).toBe(1);
    expect((await ledger.listIncidents({ status: 'open' })).incidents.map((i) => i.id)).toEqual(['first']);
  });

  it('creates the latest schema directly on a new profile', async () => {
    const name = freshName();
    const ledger = await freshLedger(name);
    const latest = await openLedgerDb(name);
    expect([...latest.objectStoreNames].sort()).toEqual(['buckets', 'clients', 'exportCache', 'meta']);
    expect([...latest.transaction('buckets').store.indexNames].sort()).toEqual(LATEST_INDEXES);
    latest.close();
    expect(await ledger.listIncidents({ status: 'open' })).toEqual({ incidents: [], next: null });
    expect(JSON.parse(await exportText(ledger, 'json', 'UTC', T0)).sequences).toEqual({});
  });

  it('v5 → v6 keeps every incident, together by client in buckets of at most BUCKET_MAX, and drops the store of one record per incident', async () => {
    const name = freshName();
    const v5 = await openAt(name, 5);
    const many = Array.from({ length: BUCKET_MAX + 5 }, (_, i) => ({
      ...(v1Record(`alice-${String(i).padStart(3, '0')}`) as Incident),
      status: i % 2 === 0 ? ('open' as const) : ('resolved' as const),
      createdAt: T0 - i * 1000,
      updatedAt: T0 - i * 1000,
    }));
    const bob = { ...(v1Record('bob-1', { clientKey: 'bob@client.example', clientName: 'Bob Example' }) as Incident), status: 'open' as const, updatedAt: T0 };
    for (const record of [...many, bob]) await v5.put('incidents', record);
    v5.close();

    const ledger = await freshLedger(name);
    const latest = await openLedgerDb(name);
    expect([...latest.objectStoreNames].sort()).toEqual(['buckets', 'clients', 'exportCache', 'meta']);
    const buckets = await latest.getAll('buckets');
    latest.close();
    expect(buckets.map((b) => [b.clientKey, b.incidents.length])).toEqual([
      ['alice@client.example', BUCKET_MAX],
      ['alice@client.example', 5],
      ['bob@client.example', 1],
    ]);
    for (const record of [many[0]!, many.at(-1)!, bob]) expect(await ledger.getIncident(record.id)).toEqual(record);
    const history = await ledger.clientHistory('alice@client.example', T0 + 1_000);
    expect(history.incidentCount).toBe(BUCKET_MAX + 5);
    expect(history.incidents[0]?.id).toBe('alice-000');
    expect(await ledger.openIncidentCount('alice@client.example')).toBe(Math.ceil((BUCKET_MAX + 5) / 2));
    const open = await ledger.listIncidents({ status: 'open', limit: 3 });
    expect(open.incidents.map((i) => i.id)).toEqual(['bob-1', 'alice-000', 'alice-002']);
    // A command on a migrated incident rewrites its bucket, and the list sees the change.
    await ledger.resolveIncident('alice-000', ANA, T0 + 2_000);
    expect((await ledger.listIncidents({ status: 'open', limit: 1 })).incidents.map((i) => i.id)).toEqual(['bob-1']);
  });
});
