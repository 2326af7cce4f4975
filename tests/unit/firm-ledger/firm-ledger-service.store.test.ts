import { describe, expect, it } from 'vitest';
import { makeFirmLedgerService } from '@/entrypoints/background/firm-ledger-service';
import { incidentRecordsIn, makeFirmProjection } from '@/entrypoints/background/firm-projection';
import { openConfigStore } from '@/utils/config-store';
import { ledgerRules, type LedgerRules } from '@/utils/firm-ledger/rules';
import { NO_LEDGER, type FirmConfig } from '@/utils/firm-ledger/connection';
import type { Command } from '@/utils/ledger/decide';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';
import { trackedReplica } from './tracked-replica';
import type { WrittenRecord } from '@/utils/firm-ledger/replica';
import { ANA, CARLA, freshLedger, input } from '../ledger/helpers';

// The firm ledger's commands with fakes around them (a replica and a ledger on fake-indexeddb, the
// real projection, a session and a replication that only answer): what a command appends is exactly
// what it decided, what the server's rules refuse shows refused at once, a yes on the requester's
// word is refused, what was kept before the ledger goes up once, and a change of person signs out.

const URL_A = 'https://ledger.harborpine.example/firm';
const policy = {
  ...examplePolicy(),
  ledger: { url: URL_A, escalateAfterMinutes: 30, offlineAllowanceHours: 72 },
  staff: examplePolicy().staff.map((s) => ({ ...s, code: s.name.split(' ').map((w) => w[0]).join('') })),
};

async function setUp(me: Me = ANA, options: { serverRules?: LedgerRules; sessionOf?: string } = {}) {
  const ledger = await freshLedger();
  const cfg: FirmConfig = { url: URL_A, me, policy };
  const log: string[] = [];
  /** What was sent to the server at once, as written here. */
  const sentAhead: WrittenRecord[] = [];
  const session = {
    current: async () => cfg,
    need: async () => cfg,
    status: async () => ({ ...NO_LEDGER, state: 'connected' as const, url: URL_A, user: me.email }),
    signIn: async () => void log.push('sign in'),
    signOut: async () => void log.push('sign out'),
    isSessionOf: async (email: string) => email === (options.sessionOf ?? me.email),
  };
  const projection = makeFirmProjection({
    ledger: async () => ledger,
    config: openConfigStore(),
    current: session.current,
    onChange: async () => undefined,
    notifyArrivals: async () => undefined,
    failed: async (error) => {
      throw error;
    },
    complete: async () => undefined,
  });
  const { db, arrivals } = trackedReplica(projection, URL_A);
  const replication = {
    replica: async () => ({ db, arrivals }),
    ensureRunning: async () => void log.push('replicate'),
    stop: () => void log.push('stop replication'),
    serverRules: async () => options.serverRules ?? null,
    sendAhead: async (_cfg: FirmConfig, docs: readonly WrittenRecord[]) => void sentAhead.push(...docs),
  };
  const approvals = { waiting: async () => [], notifyWaiting: async () => undefined, start: () => undefined };
  const firm = makeFirmLedgerService({ ledger: async () => ledger, session, replication, projection, incidentRecords: incidentRecordsIn, approvals });
  /** The ids of the records each command decided, in order. */
  const decided: string[] = [];
  const run = (command: Command, now = Date.now()) =>
    firm.record(command, async (records, keep) => {
      const result = await ledger.run(command, me, policy, now, records, keep);
      decided.push(...result.records.map((r) => r._id));
      return result;
    });
  const held = async () => (await db.allDocs({})).rows.map((row) => row.id);
  return { ledger, firm, run, held, decided, log, db, sentAhead };
}

describe("the firm ledger's commands", () => {
  it("append exactly the records each command decided, and answer with the incident as the firm's records fold it", async () => {
    const { run, held, decided, ledger } = await setUp();
    const opened = await run({ kind: 'open', input: input() });
    expect(decided).toHaveLength(1);
    expect(await held()).toEqual(decided);
    const granted = await run({ kind: 'grant', proposal: { incidentId: opened.id, remedyId: 'courier-credit', amount: 2000 } });
    expect(decided).toHaveLength(2);
    expect((await held()).sort()).toEqual([...decided].sort());
    expect(granted.remedies.map((r) => [r.remedyId, r.amount, r.status])).toEqual([['courier-credit', 2000, 'granted']]);
    expect((await ledger.getIncident(opened.id))?.remedies).toHaveLength(1);
  });

  it('send each record at once as the replica wrote it, its revision the same, so the server and replication agree on it', async () => {
    const { run, sentAhead, decided, db } = await setUp();
    const opened = await run({ kind: 'open', input: input() });
    await run({ kind: 'grant', proposal: { incidentId: opened.id, remedyId: 'courier-credit', amount: 2000 } });
    await new Promise((r) => setTimeout(r, 0));
    expect(sentAhead.map((r) => r._id)).toEqual(decided);
    for (const sent of sentAhead) {
      const here = (await (db.get as (id: string, options: object) => Promise<unknown>)(sent._id, { revs: true })) as WrittenRecord;
      expect(sent._rev).toBe(here._rev);
      expect(sent._revisions).toEqual(here._revisions);
      expect({ ...sent, _rev: undefined, _revisions: undefined }).toEqual({ ...here, _rev: undefined, _revisions: undefined });
    }
  });

  it('change nothing here until their records are in the replica: a failed write leaves the incident as it was', async () => {
    const { run, db, ledger } = await setUp();
    const opened = await run({ kind: 'open', input: input() });
    const write = db.bulkDocs.bind(db);
    db.bulkDocs = (async () => {
      throw new Error('QuotaExceededError: the disk is full');
    }) as unknown as typeof db.bulkDocs;
    await expect(run({ kind: 'grant', proposal: { incidentId: opened.id, remedyId: 'courier-credit', amount: 2000 } })).rejects.toThrow('the disk is full');
    expect((await ledger.getIncident(opened.id))?.remedies).toEqual([]);
    db.bulkDocs = write;
    const granted = await run({ kind: 'grant', proposal: { incidentId: opened.id, remedyId: 'courier-credit', amount: 2000 } });
    expect(granted.remedies.map((r) => r.creditNoteNumber)).toEqual(['CN-2026-AR-0001'.replace('2026', String(new Date().getUTCFullYear()))]);
  });

  it("keep a command on an incident kept before the ledger (which the replica cannot fold) as the command left it", async () => {
    const { run, ledger } = await setUp();
    const before = await ledger.startIncident(input(), ANA, policy, Date.now() - 30 * 86_400_000);
    const ticked = await run({ kind: 'tick', incidentId: before.id, stepId: before.checklist[0]!.stepId, done: true });
    expect(ticked.checklist[0]?.doneBy).toBe(ANA.email);
    expect((await ledger.getIncident(before.id))?.checklist[0]?.doneBy).toBe(ANA.email);
  });

  it("show a grant the server's rules (one policy behind: front desk 10.00 a time) refuse as refused at once, with the reason", async () => {
    const stricter = { ...policy, roles: policy.roles.map((r) => (r.id === 'front-desk' ? { ...r, perIncident: 1000 } : r)) };
    const { run } = await setUp(ANA, { serverRules: ledgerRules(stricter) });
    const opened = await run({ kind: 'open', input: input() });
    const granted = await run({ kind: 'grant', proposal: { incidentId: opened.id, remedyId: 'courier-credit', amount: 2000 } });
    expect(granted.remedies[0]?.status).toBe('refused');
    expect(granted.remedies[0]?.refusedReason).toMatch(/above the 10\.00 per-incident limit/);
  });

  it("refuse a yes recorded on the requester's word: with a firm ledger the approver answers as themselves", async () => {
    const { run, held } = await setUp();
    const opened = await run({ kind: 'open', input: input() });
    const asked = await run({ kind: 'request', proposal: { incidentId: opened.id, remedyId: 'consult-refund', amount: 30000, note: 'Lost a day' } });
    const before = await held();
    await expect(run({ kind: 'approve', incidentId: opened.id, requestId: asked.remedies[0]!.id, approverEmail: CARLA.email, own: false })).rejects.toThrow(
      'the approver approves in their own panel',
    );
    expect(await held()).toEqual(before);
  });

  it('send what Ana recorded before the ledger once, however often replication starts', async () => {
    const { ledger, firm, held } = await setUp();
    const before = await ledger.startIncident(input(), ANA, policy, Date.now() - 3_600_000);
    await ledger.grantRemedy({ incidentId: before.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, Date.now() - 3_000_000);
    const cfg = { url: URL_A, me: ANA, policy };
    await firm.upgradeOnce(cfg);
    const sent = await held();
    expect(sent).toHaveLength(2);
    await ledger.startIncident(input('bob@client.example', 'Bob'), ANA, policy, Date.now() - 60_000);
    await firm.upgradeOnce(cfg);
    expect(await held()).toEqual(sent);
  });

  it("sign out when Your email changes from the person signed in, and only then", async () => {
    const signedInAsAna = await setUp(CARLA, { sessionOf: ANA.email });
    await signedInAsAna.firm.personChanged(ANA.email);
    expect(signedInAsAna.log).toEqual(['stop replication', 'sign out']);
    const someoneElse = await setUp(CARLA, { sessionOf: CARLA.email });
    await someoneElse.firm.personChanged(ANA.email);
    expect(someoneElse.log).toEqual([]);
  });
});
