import type { IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { LEDGER_DB_VERSION, LEGACY_VERSION, openLedgerDb, type LegacySchema } from '@/utils/ledger/db';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import { ANA, drillPolicy, freshLedger, freshName, input, openLedger } from './ledger-helpers';
import { exportText } from '../ledger/export-source';

// Drill: storage faults in the incident ledger (fake-indexeddb). A failed write (quota, an aborted
// commit) surfaces as an error and leaves nothing behind: no partial record, no credit note number
// used up. A second connection that wants to upgrade is never blocked by ours. Upgrading from every
// earlier schema version keeps every one of 10,000 incidents, once.

const T0 = Date.UTC(2026, 5, 1, 12);
const policy = drillPolicy();

/** Makes the next `put` on the incidents' store fail the way `fail` says, then restores it. */
function failNextIncidentPut(fail: (store: IDBObjectStore) => IDBRequest): () => void {
  const original = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name !== 'buckets') return original.apply(this, args);
    IDBObjectStore.prototype.put = original;
    return fail(this);
  };
  return () => {
    IDBObjectStore.prototype.put = original;
  };
}

describe('drill: storage faults', () => {
  it('a failed write surfaces, leaves no partial record and uses up no credit note number', async () => {
    const faults = [
      // The browser refuses the write: no space left.
      () => failNextIncidentPut(() => { throw new DOMException('Quota exceeded', 'QuotaExceededError'); }),
      // The commit is interrupted after the write was queued (worker stopped, disk error).
      () => failNextIncidentPut((store) => {
        const request = IDBObjectStore.prototype.put.call(store, { clientKey: 'x', n: 1, incidents: [], ids: [], created: [], statusCreated: [] });
        store.transaction.abort();
        return request;
      }),
    ];
    let tried = 0;
    let surfaced = 0;
    let partial = 0;
    let numbersLost = 0;
    for (const fault of faults) {
      const ledger = await freshLedger();
      const incident = await ledger.startIncident(input(), ANA, policy, T0);
      const before = await ledger.getIncident(incident.id);
      for (let i = 0; i < 5; i++) {
        tried++;
        const restore = fault();
        try {
          await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 100 }, ANA, policy, T0 + i);
        } catch (error) {
          surfaced++;
          expect((error as Error).message).toMatch(/^Could not save: /);
        } finally {
          restore();
        }
        if (JSON.stringify(await ledger.getIncident(incident.id)) !== JSON.stringify(before)) partial++;
        if (await ledger.getIncident('x')) partial++;
      }
      // The next good grant gets the first number: the failed ones gave theirs back.
      const ok = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 100 }, ANA, policy, T0 + 10);
      if (ok.remedies[0]?.creditNoteNumber !== 'CN-2026-0001') numbersLost++;
      expect(ok.remedies).toHaveLength(1);
    }
    console.log(`storage faults: ${tried} failed writes (quota, aborted commit), ${surfaced} surfaced as errors, ${partial} partial records, ${numbersLost} credit note numbers lost`);
    expect(surfaced).toBe(tried);
    expect(partial).toBe(0);
    expect(numbersLost).toBe(0);
  });

  it('concurrent grants get distinct, gapless credit note numbers', async () => {
    const ledger = await freshLedger();
    const incidents = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ledger.startIncident(input(`c${i}@client.example`), ANA, policy, T0)),
    );
    const grants = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        ledger.grantRemedy({ incidentId: incidents[i % 10]!.id, remedyId: 'courier-credit', amount: 1 }, ANA, policy, T0 + i),
      ),
    );
    void grants;
    const numbers = (await Promise.all(incidents.map((i) => ledger.getIncident(i.id))))
      .flatMap((i) => i!.remedies.map((r) => r.creditNoteNumber));
    const expected = Array.from({ length: 100 }, (_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`);
    expect(numbers.sort()).toEqual(expected);
    console.log(`concurrent grants: 100 grants on 10 incidents, ${numbers.length} stored, ${100 - new Set(numbers).size} duplicate numbers`);
  });

  it('steps aside when another connection wants to upgrade, and is not left unusable', async () => {
    const name = freshName();
    let closed = 0;
    const ledger = await openLedger(name, { onClose: () => closed++ });
    // A newer version opening the same database, as an updated extension would.
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, LEDGER_DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('upgrade blocked by the open ledger'));
    });
    expect(closed).toBe(1);
    // The old connection refuses work with a message, rather than hanging or writing half.
    await expect(ledger.startIncident(input(), ANA, policy, T0)).rejects.toThrow(/^Could not save: /);
    upgraded.close();

    // The product's own older connection (schema v1) steps aside for the v2 upgrade too.
    const old = freshName();
    const v1 = await openLedgerDb(old, 1);
    const v2 = await openLedger(old);
    expect([...v1.objectStoreNames]).toEqual(['incidents']);
    await v2.startIncident(input(), ANA, policy, T0);
    v2.close();
    console.log('blocked upgrade: 2 upgrades past an open connection, 0 blocked, 1 refusal surfaced on the closed connection');
  });

  it('an upgrade that cannot read a record is undone whole: the old database stays as it was', async () => {
    const name = freshName();
    const db = (await openLedgerDb(name, 1)) as unknown as IDBPDatabase<LegacySchema>;
    const base = { ...input(), clientKey: 'alice@client.example', clientName: 'Alice', source: { tool: 'gmail', label: 'Gmail' },
      category: 'shipping-error', summary: '', createdBy: ANA.email, createdByRole: 'front-desk', createdAt: T0,
      checklist: [], remedies: [], policyVersion: '1' };
    // The middle record lacks its checklist (written by hand, or by a faulty import).
    for (const [id, extra] of [['a', {}], ['b', { checklist: undefined }], ['c', {}]] as const) {
      await db.put('incidents', { ...base, id, ...extra } as unknown as Incident);
    }
    db.close();
    await expect(openLedger(name)).rejects.toThrow();
    const after = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
    });
    const version = after.version;
    const stores = [...after.objectStoreNames];
    after.close();
    console.log(`unreadable record in an upgrade: upgrade undone, database still v${version} with stores ${stores.join(', ')}`);
    expect(version).toBe(1);
    expect(stores).toEqual(['incidents']);
  });

  it('upgrades 10,000 incidents from every earlier schema version: none lost, none doubled', async () => {
    const COUNT = 10_000;
    // Schema v1 records: no status (resolvedAt said it), no updatedAt.
    const v1Record = (i: number): Omit<Incident, 'status' | 'updatedAt'> => {
      const at = T0 - i * 60_000;
      const remedies: GrantedRemedy[] =
        i % 3 === 0
          ? [{
              id: `g${i}`, remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 100 + i,
              currency: 'USD', status: 'granted', decision: 'within-authority', requestedBy: ANA.email,
              requestedByRole: 'front-desk', requestedAt: at, grantedAt: at,
              creditNoteNumber: `CN-${i % 2 ? 2025 : 2026}-${String(i + 1).padStart(4, '0')}`,
            }]
          : [];
      return {
        id: `inc-${String(i).padStart(5, '0')}`,
        clientKey: `client${i % 500}@client.example`,
        clientName: `Client ${i % 500}`,
        source: { tool: 'gmail', label: 'Gmail' },
        category: 'shipping-error',
        summary: `Incident ${i}`,
        createdBy: ANA.email,
        createdByRole: 'front-desk',
        createdAt: at,
        checklist: [{ stepId: 'acknowledge', label: 'Acknowledge', dueAt: at, ...(i % 2 ? { doneAt: at + 1, doneBy: ANA.email } : {}) }],
        remedies,
        policyVersion: '2026-01-01',
        ...(i % 4 === 0 ? { resolvedAt: at + 5, resolvedBy: ANA.email } : {}),
      };
    };
    const records = Array.from({ length: COUNT }, (_, i) => v1Record(i));
    const highest = (year: number) =>
      Math.max(
        ...records
          .flatMap((r) => r.remedies.map((g) => g.creditNoteNumber!))
          .filter((n) => n.includes(`-${year}-`))
          .map((n) => Number(n.split('-').at(-1))),
      );
    const from = Array.from({ length: LEGACY_VERSION }, (_, i) => i + 1);
    let lost = 0;
    let doubled = 0;
    let read = 0;
    for (const version of from) {
      const name = freshName();
      const db = (await openLedgerDb(name, version)) as unknown as IDBPDatabase<LegacySchema>;
      const tx = db.transaction('incidents', 'readwrite');
      // From v2 on, records carry status and updatedAt as that version wrote them.
      const asStored = (r: (typeof records)[number]) =>
        version >= 2 ? { ...r, status: r.resolvedAt === undefined ? 'open' : 'resolved', updatedAt: r.createdAt + 5 } : r;
      for (const r of records) void tx.store.put(asStored(r) as Incident);
      await tx.done;
      if (version >= 2) {
        // v2 kept the sequences in the meta store.
        const meta = (db as unknown as IDBPDatabase).transaction('meta', 'readwrite');
        await meta.store.put({ key: 'CN-2025', last: highest(2025) });
        await meta.store.put({ key: 'CN-2026', last: highest(2026) });
        await meta.done;
      }
      db.close();

      const ledger = await openLedger(name);
      const all = JSON.parse(await exportText(ledger, 'json', 'UTC', T0)) as { incidents: Incident[]; sequences: Record<string, number> };
      read += all.incidents.length;
      const ids = new Set(all.incidents.map((i) => i.id));
      doubled += all.incidents.length - ids.size;
      const byId = new Map(all.incidents.map((i) => [i.id, i]));
      for (const r of records) {
        const got = byId.get(r.id);
        if (!got) {
          lost++;
          continue;
        }
        expect(got).toMatchObject(r);
        expect(got.clientName).toBe(r.clientName);
        expect(got.status).toBe(r.resolvedAt === undefined ? 'open' : 'resolved');
        expect(Number.isFinite(got.updatedAt)).toBe(true);
      }
      // The sequences pick up after the highest number given, per year.
      expect(all.sequences).toEqual({ 'CN-2025': highest(2025), 'CN-2026': highest(2026) });
      // The v3 client index, built by the upgrade from before v3, covers every client the incidents
      // name (a v3 ledger kept it itself, beside incidents this drill writes alone).
      if (version < 3) for (const c of [0, 1, 250, 499]) expect(await ledger.searchClients(`client${c}@`)).toHaveLength(1);
      const open = await ledger.listIncidents({ status: 'open', limit: 100 });
      expect(open.incidents.every((i) => i.status === 'open')).toBe(true);
      ledger.close();
    }
    console.log(
      `schema upgrade: ${COUNT} incidents from ${from.map((v) => `v${v}`).join(', ')} to v${LEDGER_DB_VERSION}, ${read} read back, ${lost} lost, ${doubled} doubled`,
    );
    expect(from.length).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(read).toBe(COUNT * from.length);
  }, 120_000);
});
