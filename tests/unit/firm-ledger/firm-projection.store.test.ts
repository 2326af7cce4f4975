import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makeFirmProjection } from '@/entrypoints/background/firm-projection';
import { openConfigStore } from '@/utils/config-store';
import { ownRecords } from '@/utils/firm-ledger/replica';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { FirmConfig } from '@/utils/firm-ledger/connection';
import type { Incident } from '@/utils/ledger/types';
import type { Ledger } from '@/utils/ledger/repository';
import { examplePolicy } from '../example-policy';
import { trackedReplica } from './tracked-replica';
import { ANA, CARLA, freshLedger, input } from '../ledger/helpers';

// The projection with fakes around it (Carla's ledger and her replica on fake-indexeddb, WXT's
// fakeBrowser for the pages' events): records written to the replica become the incidents her panel
// reads — whatever order they come in, batch by batch while replication catches up — and what the
// server refused shows refused.

const URL_A = 'https://ledger.harborpine.example/firm';
const policy = {
  ...examplePolicy(),
  ledger: { url: URL_A, escalateAfterMinutes: 30, offlineAllowanceHours: 72 },
  staff: examplePolicy().staff.map((s) => ({ ...s, code: s.name.split(' ').map((w) => w[0]).join('') })),
};
const T = Date.now() - 60_000;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ana's incident for Alice, with her $20 courier credit, as her browser recorded it. */
async function anasRecords(client = 'alice@client.example'): Promise<{ incident: Incident; records: LedgerRecord[] }> {
  const anas = await freshLedger();
  const started = await anas.startIncident(input(client, client), ANA, policy, T);
  const granted = await anas.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T + 1_000);
  return { incident: granted, records: ownRecords(granted, ANA.email) };
}

async function setUp() {
  const ledger: Ledger = await freshLedger();
  const cfg: FirmConfig = { url: URL_A, me: CARLA, policy };
  const events = { changes: 0, failures: [] as unknown[], notified: [] as string[] };
  const projection = makeFirmProjection({
    ledger: async () => ledger,
    config: openConfigStore(),
    current: async () => cfg,
    onChange: async () => void (events.changes += 1),
    notifyArrivals: async (_reader, records) => void events.notified.push(...records.map((r) => r.type)),
    failed: async (error) => void events.failures.push(error),
    complete: async () => undefined,
  });
  const { db, arrivals } = trackedReplica(projection, URL_A);
  const heard: string[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const event = (message as { event?: unknown }).event;
    if (typeof event === 'string') heard.push(event);
  });
  /** Stores records as replication or a command would; gives them back as replication announces them. */
  const write = async (records: LedgerRecord[]) => {
    await db.bulkDocs(records.map((r) => ({ ...r })));
    return records;
  };
  return { ledger, projection, db, arrivals, events, write, heard, incident: (id: string) => until(() => ledger.getIncident(id), (i) => i !== null && i.remedies.length > 0) };
}

describe("the projection of the firm's records into this browser's incidents", () => {
  it("folds Ana's records into Carla's ledger as they arrive: her incident and her grant, badges refreshed, news told", async () => {
    const { arrivals, write, incident, events, heard } = await setUp();
    const ana = await anasRecords();
    arrivals.arrived((await write(ana.records)).map((d) => d._id));
    const folded = await incident(ana.incident.id);
    expect(folded?.clientName).toBe('alice@client.example');
    expect(folded?.remedies.map((r) => [r.remedyId, r.amount, r.status])).toEqual([['courier-credit', 2000, 'granted']]);
    expect(events.changes).toBeGreaterThan(0);
    expect(heard).toContain('ledgerChanged');
    expect(events.notified).toEqual(expect.arrayContaining(['incident-opened', 'remedy-granted']));
    expect(events.failures).toEqual([]);
  });

  it('keeps a grant that arrived before its opening, and counts it once the opening comes', async () => {
    const { arrivals, write, ledger, incident } = await setUp();
    const ana = await anasRecords();
    const [opening, ...rest] = ana.records;
    arrivals.arrived((await write(rest)).map((d) => d._id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ledger.getIncident(ana.incident.id)).toBeNull();
    arrivals.arrived((await write([opening!])).map((d) => d._id));
    expect((await incident(ana.incident.id))?.remedies.map((r) => r.amount)).toEqual([2000]);
  });

  it('folds a catch-up batch by batch, and an incident whose records came in two batches once caught up', async () => {
    const { arrivals, write, ledger, incident } = await setUp();
    const alice = await anasRecords();
    const bob = await anasRecords('bob@client.example');
    arrivals.catchUp();
    // Bob's incident whole in the first batch; Alice's opening in it, her grant in the second.
    arrivals.replicated(await write([...bob.records, alice.records[0]!]));
    expect((await incident(bob.incident.id))?.remedies).toHaveLength(1);
    arrivals.replicated(await write(alice.records.slice(1)));
    arrivals.caughtUp();
    expect((await incident(alice.incident.id))?.remedies.map((r) => r.amount)).toEqual([2000]);
    expect((await ledger.getIncident(bob.incident.id))?.remedies).toHaveLength(1);
  });

  it("shows a grant the firm's server refused as refused, with its reason, never as given", async () => {
    const { projection, write, db } = await setUp();
    const ana = await anasRecords();
    await write(ana.records);
    const grant = ana.records.find((r) => r.type === 'remedy-granted')!;
    await projection.noteRefused(URL_A, [[grant._id, 'Over the front desk limit of $10.00 per incident']]);
    const settled = await projection.settle(URL_A, db, ana.incident.id);
    expect(settled?.remedies.map((r) => [r.status, r.refusedReason])).toEqual([['refused', 'Over the front desk limit of $10.00 per incident']]);
  });

  it('settles nothing for an incident the replica does not hold (kept here before the ledger)', async () => {
    const { projection, db } = await setUp();
    expect(await projection.settle(URL_A, db, `${ANA.email}:nowhere`)).toBeNull();
  });
});
