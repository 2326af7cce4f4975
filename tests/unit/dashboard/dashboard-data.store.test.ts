import { beforeEach, describe, expect, it } from 'vitest';
import { makeLedgerService } from '@/entrypoints/background/ledger-service';
import { ledgerConnection } from '@/entrypoints/background/ledger-connection';
import type { Sender } from '@/utils/browser/messaging';
import { openConfigStore } from '@/utils/config-store';
import { examplePolicy } from '../example-policy';
import { ANA, freshName } from '../ledger/helpers';
import { seedExport, seedIncidents } from '../../fixtures/dashboard/seed';

// The dashboard's one message: the incidents of a range, read from the ledger a batch at a time,
// each with only what the figures read, and whose they are.

const NOW = Date.UTC(2026, 11, 7, 15);
const DAY = 24 * 60 * 60 * 1000;
const sender = {} as Sender;

function service(coverage?: () => Promise<{ coverage: 'firm' | 'browser'; syncedAt: number | null }>) {
  return makeLedgerService({
    ledger: ledgerConnection(freshName()),
    config: openConfigStore(freshName()),
    currentPolicy: async () => examplePolicy(),
    currentMe: async () => ANA,
    onChange: async () => undefined,
    ...(coverage ? { coverage } : {}),
  }).handlers;
}

describe('dashboardData', () => {
  let handlers: ReturnType<typeof service>;
  beforeEach(async () => {
    handlers = service();
    await handlers.importLedger({ text: seedExport(NOW) }, sender);
  });

  it('answers the incidents created in the range, oldest first, and says they are this browser’s', async () => {
    const from = NOW - 90 * DAY;
    const data = await handlers.dashboardData({ from, to: NOW }, sender);
    const expected = seedIncidents(NOW).filter((i) => i.createdAt >= from && i.createdAt < NOW);
    expect(data.incidents.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    expect(data.coverage).toBe('browser');
    expect(data.syncedAt).toBeNull();
    // Only what the figures read: no summaries, checklists or notes.
    expect(data.incidents[0]).not.toHaveProperty('summary');
    expect(data.incidents[0]).not.toHaveProperty('checklist');
    expect(data.incidents.at(-1)!.remedies[0]).not.toHaveProperty('label');
  });

  it('includes an incident created at the first instant and leaves out one at the end', async () => {
    const first = seedIncidents(NOW)[0]!;
    const data = await handlers.dashboardData({ from: first.createdAt, to: first.createdAt + 1 }, sender);
    expect(data.incidents.map((i) => i.id)).toEqual([first.id]);
    expect((await handlers.dashboardData({ from: first.createdAt + 1, to: first.createdAt + 2 }, sender)).incidents).toEqual([]);
    expect((await handlers.dashboardData({ from: first.createdAt - 1, to: first.createdAt }, sender)).incidents).toEqual([]);
  });

  it('says the whole firm once the firm ledger has caught up', async () => {
    const firm = service(async () => ({ coverage: 'firm', syncedAt: NOW - 60_000 }));
    expect(await firm.dashboardData({ from: 0, to: NOW }, sender)).toMatchObject({ incidents: [], coverage: 'firm', syncedAt: NOW - 60_000 });
  });

  it('refuses a period that ends before it starts, saying what to do', async () => {
    await expect(handlers.dashboardData({ from: NOW, to: NOW - DAY }, sender)).rejects.toThrow('Choose a period');
  });
});
