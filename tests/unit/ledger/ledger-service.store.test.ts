import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makeLedgerService } from '@/entrypoints/background/ledger-service';
import { openConfigStore } from '@/utils/config-store';
import { ledgerConnection } from '@/entrypoints/background/ledger-connection';
import type { Sender } from '@/utils/browser/messaging';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { openLedger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import { exportFile } from '@/utils/ledger/transfer';
import { examplePolicy } from '../example-policy';
import { ANA, freshName, input } from './helpers';
import { exportText, memorySource } from './export-source';


const T0 = Date.UTC(2026, 10, 25, 14, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const sender = {} as Sender;

// The service built as the background builds it, with its collaborators played by plain values.
let policy: Policy | null;
let me: Me | null;
let dbName: string;
let changes: number;
let ledgerHandlers: ReturnType<typeof makeLedgerService>['handlers'];
let startReminders: () => void;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  policy = examplePolicy();
  me = ANA;
  dbName = freshName();
  changes = 0;
  ({ handlers: ledgerHandlers, start: startReminders } = makeLedgerService({
    ledger: ledgerConnection(dbName),
    config: openConfigStore(freshName()),
    currentPolicy: async () => policy,
    currentMe: async () => me,
    onChange: async () => {
      changes += 1;
    },
  }));
});

afterEach(() => {
  vi.useRealTimers();
});

async function fireDueAlarm(at: number): Promise<void> {
  vi.setSystemTime(at);
  const before = Object.keys(await fakeBrowser.notifications.getAll()).length;
  const alarm = await fakeBrowser.alarms.get('ledger-step-due');
  expect(alarm?.scheduledTime).toBeLessThanOrEqual(at);
  await fakeBrowser.alarms.onAlarm.trigger(alarm!);
  await vi.waitFor(async () => {
    expect(Object.keys(await fakeBrowser.notifications.getAll()).length).toBeGreaterThan(before);
  });
}

describe('ledger service', () => {
  it('reminds each checklist step as it falls due, then schedules the next one', async () => {
    startReminders();
    const incident = await ledgerHandlers.startIncident(input('alice@client.example', 'Alice Example'), sender);
    await vi.waitFor(async () => {
      expect((await fakeBrowser.alarms.get('ledger-step-due'))?.scheduledTime).toBe(T0 + 60 * MIN);
    });

    await fireDueAlarm(T0 + 61 * MIN);
    expect(Object.values(await fakeBrowser.notifications.getAll())).toEqual([
      expect.objectContaining({
        title: 'Apologize personally — Alice Example is due',
        message: 'Also due: Make it up within your authority',
      }),
    ]);
    await vi.waitFor(async () => {
      expect((await fakeBrowser.alarms.get('ledger-step-due'))?.scheduledTime).toBe(T0 + DAY);
    });

    await ledgerHandlers.tickStep({ incidentId: incident.id, stepId: 'correct', done: true }, sender);
    await fakeBrowser.notifications.clear(`step-due:${incident.id}`);
    await fireDueAlarm(T0 + DAY + MIN);
    expect(Object.values(await fakeBrowser.notifications.getAll())).toEqual([
      expect.objectContaining({ title: 'Follow up the next day — Alice Example is due' }),
    ]);
    await vi.waitFor(async () => {
      expect(await fakeBrowser.alarms.get('ledger-step-due')).toBeUndefined();
    });
  });

  it('tells the background after each change the user makes, so the badges follow, and not after a read', async () => {
    const incident = await ledgerHandlers.startIncident(input(), sender);
    expect(changes).toBe(1);
    await ledgerHandlers.getClientHistory({ clientKey: incident.clientKey }, sender);
    await ledgerHandlers.tickStep({ incidentId: incident.id, stepId: 'correct', done: true }, sender);
    await ledgerHandlers.resolveIncident({ incidentId: incident.id }, sender);
    expect(changes).toBe(3);
  });

  it('keeps what it has reminded out of storage.local, so a content script there cannot silence a reminder', async () => {
    // An earlier version's value moves into the background's database once and leaves storage.local.
    await fakeBrowser.storage.local.set({ ledgerRemindedUpTo: T0 - MIN });
    startReminders();
    const incident = await ledgerHandlers.startIncident(input('alice@client.example', 'Alice Example'), sender);
    await vi.waitFor(async () => {
      expect((await fakeBrowser.alarms.get('ledger-step-due'))?.scheduledTime).toBe(T0 + 60 * MIN);
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    // As a Firefox content script could: "everything until next year has been reminded".
    await fakeBrowser.storage.local.set({ ledgerRemindedUpTo: T0 + 365 * DAY });
    await fireDueAlarm(T0 + 61 * MIN);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toContain(`step-due:${incident.id}`);
  });

  it('refuses to write without a policy or without knowing who you are, and says what to do', async () => {
    policy = null;
    await expect(ledgerHandlers.startIncident(input(), sender)).rejects.toThrow(
      'No firm policy is loaded yet: set the policy URL or import the policy file in Options',
    );
    policy = examplePolicy();
    me = null;
    await expect(ledgerHandlers.startIncident(input(), sender)).rejects.toThrow('enter Your email in Options');
  });

  it('exports with a dated file name in the firm\'s time zone', async () => {
    const ledger = await openLedger(dbName);
    try {
      const at = Date.UTC(2027, 0, 1, 3, 0);
      const csv = await exportFile(ledger, 'csv', examplePolicy().firm.timeZone, at);
      expect(csv.fileName).toBe('make-it-right-ledger-2026-12-31.csv');
      expect((await new Blob(csv.parts).text()).startsWith('Date,Book as,Kind,')).toBe(true);
      const json = await exportFile(ledger, 'json', examplePolicy().firm.timeZone, at);
      expect(json.fileName).toBe('make-it-right-ledger-2026-12-31.json');
      expect(JSON.parse(await new Blob(json.parts).text()).format).toBe('make-it-right-ledger');
    } finally {
      ledger.close();
    }
  });

  it('reads a large ledger a week at a time, with progress; the parts are the one-pass file, byte for byte', async () => {
    const count = 4_100;
    const incidents = Array.from({ length: count }, (_, i): Incident => ({
      id: `bulk-${String(i).padStart(5, '0')}`, clientKey: `c${i % 50}@client.example`, clientName: `Client ${i % 50}`,
      source: { tool: 'manual', label: 'Manual' }, category: 'c', summary: 's', createdBy: ANA.email, createdByRole: 'front-desk',
      // Three at a time, ten minutes apart: three weeks of incidents, ties within each.
      createdAt: T0 - 30 * DAY + Math.floor(i / 3) * 10 * MIN, updatedAt: T0, status: 'open', checklist: [], policyVersion: '1',
      remedies: [{
        id: `g${i}`, remedyId: 'courier-credit', label: 'Credit', kind: 'credit', amount: 100, currency: 'USD', status: 'granted',
        decision: 'within-authority', requestedBy: ANA.email, requestedByRole: 'front-desk', requestedAt: T0, grantedAt: T0 - 1_000_000 + i,
      }],
    }));
    // Stored newest first, so the export's order comes from the ledger's index, not from insertion.
    const file = await exportText(memorySource([...incidents].reverse()), 'json', 'UTC', T0);
    // A part of the file is checked on its own, changing nothing.
    expect(await ledgerHandlers.importLedger({ text: file, check: true }, sender)).toEqual({ added: 0, updated: 0, unchanged: 0 });
    await expect(ledgerHandlers.importLedger({ text: '{"format":"make-it-right-ledger","version":1}', check: true }, sender)).rejects.toThrow('damaged');
    expect((await ledgerHandlers.importLedger({ text: file }, sender)).added).toBe(count);

    const ledger = await openLedger(dbName);
    try {
      const stored = await ledger.incidentsAfter(null, 100_000);
      const sequences = await ledger.creditNoteSequences();
      const timeZone = examplePolicy().firm.timeZone;
      for (const format of ['json', 'csv'] as const) {
        const progress: number[] = [];
        const exported = await exportFile(ledger, format, timeZone, T0, (done, total) => progress.push(done, total));
        expect(exported.fileName).toBe(`make-it-right-ledger-2026-11-25.${format}`);
        const done = progress.filter((_, i) => i % 2 === 0);
        expect(done.length).toBeGreaterThan(2);
        expect(done.every((n, i) => i === 0 || n > done[i - 1]!)).toBe(true);
        expect(done.at(-1)).toBe(stored.length);
        expect(progress.filter((_, i) => i % 2 === 1).every((t) => t === stored.length)).toBe(true);
        // Read in one batch from memory, in export order: the same bytes as batches read from the ledger's index.
        const whole = await exportText(memorySource(stored, sequences), format, timeZone, T0);
        expect(await new Blob(exported.parts).text()).toBe(whole);
      }
    } finally {
      ledger.close();
    }
    // fake-indexeddb is slow with thousands of incidents on a loaded machine: a budget, not a target.
  }, 60_000);
});
