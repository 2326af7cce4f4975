// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../example-policy';
import { openLedgerDb } from '@/utils/ledger/db';
import { EXPORT_WEEK_MS, weekOf } from '@/utils/ledger/export-cache';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import { ANA, freshLedger, freshName, input } from './helpers';
import { exportText, memorySource } from './export-source';

// The export from the text the ledger keeps per week (utils/ledger/export-cache.ts). In Node's own
// environment a Blob survives fake-indexeddb's copy as it survives Chromium's IndexedDB, so the kept
// text really is read back here (happy-dom's Blob does not, so the other export tests always rebuild).

const T0 = Date.UTC(2026, 10, 25, 14, 0);
const DAY = 86_400_000;

/** The file the ledger's records give when formatted afresh: what every export must be, byte for byte. */
async function fresh(ledger: Ledger, format: 'json' | 'csv'): Promise<string> {
  const records = await ledger.incidentsAfter(null, 1_000_000);
  return exportText(memorySource(records, await ledger.creditNoteSequences()), format, 'America/New_York', T0);
}

async function keptWeeks(name: string): Promise<number[]> {
  const db = await openLedgerDb(name);
  try {
    const entries = await db.getAll('exportCache');
    expect(entries.every((e) => e.json instanceof Blob && e.csv instanceof Blob)).toBe(true);
    return entries.map((e) => e.week);
  } finally {
    db.close();
  }
}

async function busyLedger(name: string): Promise<{ ledger: Ledger; incidents: Incident[] }> {
  const ledger = await freshLedger(name);
  const policy = examplePolicy();
  const incidents: Incident[] = [];
  // Three a week for six weeks, each with a grant.
  for (let i = 0; i < 18; i++) {
    const at = T0 - 42 * DAY + Math.floor(i / 3) * 7 * DAY + (i % 3) * 3_600_000;
    const started = await ledger.startIncident(input(`c${i % 4}@client.example`, `Client ${i}, "quoted"`), ANA, policy, at);
    incidents.push(await ledger.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 500 + i }, ANA, policy, at + 1));
  }
  return { ledger, incidents };
}

describe('export from the text kept ready', () => {
  it('writes the same bytes as the records formatted afresh, JSON and CSV, the first time and from the kept text', async () => {
    const name = freshName();
    const { ledger } = await busyLedger(name);
    const json = await fresh(ledger, 'json');
    const csv = await fresh(ledger, 'csv');
    expect(await exportText(ledger, 'json', 'America/New_York', T0)).toBe(json);
    expect((await keptWeeks(name)).length).toBeGreaterThanOrEqual(6);
    expect(await exportText(ledger, 'csv', 'America/New_York', T0)).toBe(csv);
    expect(await exportText(ledger, 'json', 'America/New_York', T0)).toBe(json);
    expect(await exportText(ledger, 'csv', 'America/New_York', T0)).toBe(csv);
    expect(JSON.parse(json).incidents).toHaveLength(18);
  });

  it('never misses a change made just before it: a tick, a grant, a resolution, a new incident in a kept week', async () => {
    const name = freshName();
    const { ledger, incidents } = await busyLedger(name);
    const policy = examplePolicy();
    await exportText(ledger, 'json', 'America/New_York', T0);
    await exportText(ledger, 'csv', 'America/New_York', T0);
    const [first, second] = incidents;
    await ledger.tickStep(first!.id, 'acknowledge', true, ANA, T0 + 1);
    await ledger.grantRemedy({ incidentId: second!.id, remedyId: 'courier-credit', amount: 700 }, ANA, policy, T0 + 2);
    await ledger.resolveIncident(first!.id, ANA, T0 + 3);
    await ledger.startIncident(input('late@client.example', 'Late'), ANA, policy, first!.createdAt + 5);
    const json = await exportText(ledger, 'json', 'America/New_York', T0);
    expect(json).toBe(await fresh(ledger, 'json'));
    expect(await exportText(ledger, 'csv', 'America/New_York', T0)).toBe(await fresh(ledger, 'csv'));
    const exported = JSON.parse(json).incidents as Incident[];
    expect(exported).toHaveLength(19);
    expect(exported.find((i) => i.id === first!.id)?.status).toBe('resolved');
    expect(exported.find((i) => i.id === second!.id)?.remedies).toHaveLength(2);
  });

  it('lists an incident once when the firm\'s copy of it carries another creation time, in another week', async () => {
    const name = freshName();
    const { ledger, incidents } = await busyLedger(name);
    await exportText(ledger, 'json', 'America/New_York', T0);
    await exportText(ledger, 'csv', 'America/New_York', T0);
    const moved = { ...incidents[0]!, createdAt: incidents[0]!.createdAt + 2 * EXPORT_WEEK_MS, updatedAt: T0 + 9 };
    expect(await ledger.applyFirmIncidents([moved])).toBe(1);
    const json = await exportText(ledger, 'json', 'America/New_York', T0);
    expect(json).toBe(await fresh(ledger, 'json'));
    expect(await exportText(ledger, 'csv', 'America/New_York', T0)).toBe(await fresh(ledger, 'csv'));
    expect((JSON.parse(json).incidents as Incident[]).filter((i) => i.id === moved.id)).toHaveLength(1);
  });

  it('after an update, rebuilds the text an earlier version kept, which may list an incident since moved', async () => {
    const name = freshName();
    const { ledger, incidents } = await busyLedger(name);
    const json = await fresh(ledger, 'json');
    // What version 1 of the kept text could leave: the week an incident left, still listing it.
    const db = await openLedgerDb(name);
    try {
      const week = weekOf(incidents[0]!.createdAt);
      const stale = `\n${JSON.stringify(incidents[0])},\n${JSON.stringify(incidents[0])}`;
      await db.put('exportCache', { week, built: 'v1', format: 1, count: 2, json: new Blob([stale]), csv: new Blob(['[]']) });
    } finally {
      db.close();
    }
    expect(await exportText(ledger, 'json', 'America/New_York', T0)).toBe(json);
    expect(await exportText(ledger, 'csv', 'America/New_York', T0)).toBe(await fresh(ledger, 'csv'));
  });
});
