import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { approvalChain } from '@/utils/authority';
import { foldIncident, incidentRecords } from '@/utils/firm-ledger/fold';
import type { IDBPDatabase } from 'idb';
import { LEDGER_DB_VERSION, LEGACY_VERSION, openLedgerDb, type LegacySchema } from '@/utils/ledger/db';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import { ANA, drillPolicy, freshName, openLedger } from './ledger-helpers';
import { exportText } from '../ledger/export-source';

// Drill: the incidents of every earlier local schema, upgraded into the firm ledger's append-only
// records and folded back. 10,000 incidents per version, every kind of remedy (granted inside
// authority, pending, approved, declined), steps done and not, resolved and open; records arriving
// in a shuffled order. Nothing lost, nothing doubled, nothing changed.

const COUNT = 10_000;
const T0 = Date.UTC(2026, 10, 20, 15);
const CARLA = 'carla.meyer@harborpine.example';

function remediesOf(i: number, at: number): GrantedRemedy[] {
  const base = {
    remedyId: 'courier-credit',
    label: 'Credit the courier fee',
    kind: 'credit' as const,
    amount: 100 + i,
    currency: 'USD',
    requestedBy: ANA.email,
    requestedByRole: 'front-desk',
  };
  const out: GrantedRemedy[] = [];
  if (i % 3 === 0) {
    out.push({ ...base, id: `g${i}`, status: 'granted', decision: 'within-authority', requestedAt: at, grantedAt: at, creditNoteNumber: `CN-2026-${String(i + 1).padStart(4, '0')}` });
  }
  if (i % 5 === 0) {
    const requested = { ...base, id: `r${i}`, remedyId: 'consult-refund', label: 'Refund the consultation fee', kind: 'refund' as const, amount: 50_000, requestedAt: at + 10 };
    if (i % 10 === 0) {
      out.push({ ...requested, status: 'granted', decision: 'approved', approvedBy: CARLA, grantedAt: at + 5_000, creditNoteNumber: `CN-2026-${String(20_000 + i).padStart(4, '0')}`, note: `Asked ${i}` });
    } else if (i % 15 === 5) {
      out.push({ ...requested, status: 'declined', decision: 'needs-approval' });
    } else {
      out.push({ ...requested, status: 'pending', decision: 'needs-approval', note: 'Please' });
    }
  }
  if (i % 7 === 0) out.push({ ...base, id: `a${i}`, remedyId: 'apology', label: 'Apology', kind: 'apology', amount: 0, status: 'granted', decision: 'within-authority', requestedAt: at + 20, grantedAt: at + 20 });
  return out;
}

/** Schema v1: no status (resolvedAt said it) and no updatedAt. */
function v1Record(i: number): Omit<Incident, 'status' | 'updatedAt'> {
  const at = T0 - i * 60_000;
  return {
    id: `inc-${String(i).padStart(5, '0')}`,
    clientKey: `client${i % 500}@client.example`,
    clientName: `Client ${i % 500}`,
    ...(i % 2 ? { clientEmail: `client${i % 500}@client.example` } : {}),
    source: i % 2 ? { tool: 'gmail', label: 'Gmail' } : { tool: 'hubspot', label: 'HubSpot', url: `https://app.hubspot.com/contacts/1/record/0-1/${i}` },
    category: 'shipping-error',
    summary: `Incident ${i}`,
    createdBy: ANA.email,
    createdByRole: 'front-desk',
    createdAt: at,
    checklist: [
      { stepId: 'acknowledge', label: 'Acknowledge', dueAt: at + 3_600_000, ...(i % 2 ? { doneAt: at + 1, doneBy: ANA.email } : {}) },
      { stepId: 'record', label: 'Record what was given', ...(i % 4 === 1 ? { doneAt: at + 2, doneBy: CARLA } : {}) },
    ],
    remedies: remediesOf(i, at),
    policyVersion: '2026-01-01',
    ...(i % 4 === 0 ? { resolvedAt: at + 9_000, resolvedBy: ANA.email } : {}),
  };
}

/** A deterministic shuffle: records reach a browser in any order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('drill: upgrading the local ledger into the firm ledger\'s records', () => {
  it('10,000 incidents from every local schema version: none lost, none doubled, none changed', async () => {
    const policy = drillPolicy();
    const records = Array.from({ length: COUNT }, (_, i) => v1Record(i));
    const versions = Array.from({ length: LEGACY_VERSION }, (_, i) => i + 1);
    let lost = 0;
    let doubled = 0;
    let changed = 0;
    let written = 0;
    let derivedTimes = 0;
    for (const version of versions) {
      const name = freshName();
      const db = (await openLedgerDb(name, version)) as unknown as IDBPDatabase<LegacySchema>;
      const tx = db.transaction('incidents', 'readwrite');
      // From v2 on, records carry status and updatedAt as that version wrote them; a step unticked
      // after its last tick left a later updatedAt than any time in the record.
      const asStored = (r: (typeof records)[number], i: number) => {
        if (version < 2) return r;
        const stamps = [r.createdAt, r.resolvedAt ?? 0, ...r.checklist.map((s) => s.doneAt ?? 0), ...r.remedies.map((g) => g.grantedAt ?? g.requestedAt)];
        return { ...r, status: r.resolvedAt === undefined ? 'open' : 'resolved', updatedAt: Math.max(...stamps) + (i % 6 === 0 ? 7 : 0) };
      };
      records.forEach((r, i) => void tx.store.put(asStored(r, i) as Incident));
      await tx.done;
      db.close();

      const ledger = await openLedger(name);
      const { incidents } = JSON.parse(await exportText(ledger, 'json', 'UTC', T0)) as { incidents: Incident[] };
      ledger.close();
      const ids = new Set<string>();
      const folded = new Map<string, Incident>();
      for (const [n, incident] of incidents.entries()) {
        const log = incidentRecords(incident);
        // The same upgrade run again (another browser, the same export) gives the same records.
        const again = incidentRecords(structuredClone(incident));
        for (const record of [...log, ...again]) {
          if (ids.has(record._id)) continue;
          ids.add(record._id);
          written++;
        }
        const back = foldIncident(shuffled([...log, ...again], n + version), T0);
        if (!back) continue;
        if (folded.has(back.id)) doubled++;
        folded.set(back.id, back);
        const { updatedAt, ...rest } = back;
        const { updatedAt: before, ...expected } = incident;
        if (!isDeepStrictEqual(rest, expected)) {
          changed++;
          if (changed === 1) expect(rest).toEqual(expected); // shows the first difference
        }
        // The last change time is derived from the records: never later than the old one.
        expect(updatedAt).toBeLessThanOrEqual(before);
        if (updatedAt !== before) derivedTimes++;
      }
      for (const r of records) if (!folded.has(r.id)) lost++;
    }
    const remedies = records.reduce((n, r) => n + r.remedies.length, 0);
    console.log(
      `ledger log upgrade: ${COUNT} incidents (${remedies} remedies) from each of ${versions.map((v) => `v${v}`).join(', ')}, ` +
        `${written} records, folded back in shuffled order: ${lost} lost, ${doubled} doubled, ${changed} changed; ` +
        `${derivedTimes} last-change times taken from the records (an untick leaves none)`,
    );
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(changed).toBe(0);
  }, 240_000);
});
