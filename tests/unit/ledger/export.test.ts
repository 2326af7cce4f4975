import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../example-policy';
import { csvCell, csvHeader, csvRows, remediesCsv } from '@/utils/ledger/csv';
import { buildExport, jsonFooter, jsonHeader, jsonIncidents } from '@/utils/ledger/export';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import { ANA, CARLA, freshLedger, input } from './helpers';

const T0 = Date.UTC(2026, 10, 25, 14, 0);

async function busyLedger() {
  const ledger = await freshLedger();
  const policy = examplePolicy();
  const a = await ledger.startIncident(input('alice@client.example', 'Alice "Al" Example, Jr.'), ANA, policy, T0);
  await ledger.tickStep(a.id, 'acknowledge', true, ANA, T0 + 1);
  await ledger.grantRemedy({ incidentId: a.id, remedyId: 'courier-credit', amount: 2050, note: 'line one\nline two' }, ANA, policy, T0 + 2);
  await ledger.requestApproval({ incidentId: a.id, remedyId: 'consult-refund', amount: 40000 }, ANA, policy, T0 + 3);
  const b = await ledger.startIncident(input('=cmd@client.example', '=HYPERLINK("http://evil")'), ANA, policy, T0 + 4);
  const requested = await ledger.requestApproval({ incidentId: b.id, remedyId: 'consult-refund', amount: 30000 }, ANA, policy, T0 + 5);
  await ledger.markApproved(b.id, requested.remedies[0]!.id, CARLA.email, policy, T0 + 6);
  await ledger.resolveIncident(b.id, ANA, T0 + 7);
  return { ledger, policy, a, b };
}

describe('JSON export and import', () => {
  it('round-trips byte for byte into an empty ledger', async () => {
    const { ledger } = await busyLedger();
    const first = await ledger.exportJson(T0 + 10);
    const copy = await freshLedger();
    expect(await copy.importJson(first)).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await copy.exportJson(T0 + 10)).toBe(first);
    expect((await copy.searchClients('alice')).map((c) => c.clientKey)).toEqual(['alice@client.example']);
    const envelope = JSON.parse(first);
    expect(envelope).toMatchObject({
      format: 'make-it-right-ledger',
      version: 1,
      exportedAt: new Date(T0 + 10).toISOString(),
      sequences: { 'CN-2026': 2 },
    });
    expect(envelope.incidents).toHaveLength(2);
  });

  it('carries the credit note sequence along, so the copy never reuses a number', async () => {
    const { ledger, policy } = await busyLedger();
    const copy = await freshLedger();
    await copy.importJson(await ledger.exportJson(T0));
    const c = await copy.startIncident(input('dan@client.example', 'Dan'), ANA, policy, T0 + 20);
    const granted = await copy.grantRemedy({ incidentId: c.id, remedyId: 'courier-credit', amount: 100 }, ANA, policy, T0 + 21);
    expect(granted.remedies[0]?.creditNoteNumber).toBe('CN-2026-0003');
  });

  it('merges by id: no duplicates, a copy adds what the ledger lacks (a ticked step), older ones change nothing', async () => {
    const { ledger, a } = await busyLedger();
    const snapshot = await ledger.exportJson(T0);
    expect(await ledger.importJson(snapshot)).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect((await ledger.listIncidents({})).incidents).toHaveLength(2);

    const copy = await freshLedger();
    await copy.importJson(snapshot);
    await ledger.tickStep(a.id, 'apologize', true, ANA, T0 + 100);
    const newer = await ledger.exportJson(T0);
    expect(await copy.importJson(newer)).toEqual({ added: 0, updated: 1, unchanged: 1 });
    expect((await copy.getIncident(a.id))?.checklist.find((s) => s.stepId === 'apologize')?.doneAt).toBe(T0 + 100);

    expect(await ledger.importJson(snapshot)).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect((await ledger.getIncident(a.id))?.checklist.find((s) => s.stepId === 'apologize')?.doneAt).toBe(T0 + 100);
  });

  it.each([
    ['not JSON', '{oops', 'This file is not JSON'],
    ['another format', JSON.stringify({ format: 'something-else' }), 'not a Make It Right ledger export'],
    ['a future version', JSON.stringify({ format: 'make-it-right-ledger', version: 9 }), 'version 9'],
    [
      'a damaged incident',
      JSON.stringify({ format: 'make-it-right-ledger', version: 1, exportedAt: '', sequences: {}, incidents: [{ id: 'x' }] }),
      'This ledger export is damaged: incidents.0.clientKey',
    ],
    [
      'a negative amount',
      null,
      'incidents.0.remedies.0.amount',
    ],
  ])('refuses %s and changes nothing', async (_name, text, message) => {
    const { ledger, a } = await busyLedger();
    let fileText = text;
    if (fileText === null) {
      const envelope = JSON.parse(await ledger.exportJson(T0));
      envelope.incidents[0].remedies[0].amount = -100;
      envelope.incidents[0].id = 'tampered';
      fileText = JSON.stringify(envelope);
    }
    const before = await ledger.exportJson(T0);
    await expect(ledger.importJson(fileText)).rejects.toThrow(message);
    expect(await ledger.exportJson(T0)).toBe(before);
    expect(await ledger.getIncident(a.id)).not.toBeNull();
  });

  it('refuses a file listing the same incident twice', async () => {
    const { ledger } = await busyLedger();
    const envelope = JSON.parse(await ledger.exportJson(T0));
    envelope.incidents.push(envelope.incidents[0]);
    await expect((await freshLedger()).importJson(JSON.stringify(envelope))).rejects.toThrow('twice');
  });
});

describe('CSV export', () => {
  it('has one row per granted remedy with the columns a bookkeeper imports', async () => {
    const { ledger, a, b } = await busyLedger();
    const csv = await ledger.exportCsv('America/New_York');
    expect(csv.split('\r\n')).toEqual([
      'Date,Client,Client email,Credit note number,Amount,Currency,Remedy,Approved by,Verification,Incident id',
      `2026-11-25,"Alice ""Al"" Example, Jr.","alice@client.example","CN-2026-0001",20.50,"USD","Credit the courier fee","","Unverified: self-declared email","${a.id}"`,
      `2026-11-25,"'=HYPERLINK(""http://evil"")","'=cmd@client.example","CN-2026-0002",300.00,"USD","Refund the consultation fee","carla.meyer@harborpine.example","Unverified: approval marked by the requester","${b.id}"`,
      '',
    ]);
  });

  it('quotes every text cell and defuses formulas, also after a separator', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+44 20')).toBe(`"'+44 20"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
    expect(csvCell('Bob;=1+1 Baker')).toBe(`"Bob;'=1+1 Baker"`);
    expect(csvCell('Bob, -2')).toBe(`"Bob, '-2"`);
    expect(csvCell('  ＝1+1')).toBe(`"  '＝1+1"`);
  });

  it('dates each row in the firm\'s time zone', () => {
    const late = Date.UTC(2027, 0, 1, 3, 0);
    const csv = remediesCsv(
      [
        {
          id: 'i1', clientKey: 'k', clientName: 'K', source: { tool: 'manual', label: 'Manual' }, category: 'c',
          summary: '', createdBy: 'a@b.c', createdByRole: '', createdAt: late, updatedAt: late, status: 'open',
          checklist: [], policyVersion: '1',
          remedies: [{
            id: 'g', remedyId: 'r', label: 'Yen credit', kind: 'credit', amount: 1500, currency: 'JPY', status: 'granted',
            decision: 'within-authority', requestedBy: 'a@b.c', requestedByRole: '', requestedAt: late, grantedAt: late,
          }],
        },
      ],
      'America/New_York',
    );
    expect(csv.split('\r\n')[1]).toBe('2026-12-31,"K","","",1500,"JPY","Yen credit","","Unverified: self-declared email","i1"');
  });
});

/** Incidents with many equal creation times, so batches end in the middle of a tie. */
function manyIncidents(count: number): Incident[] {
  return Array.from({ length: count }, (_, i): Incident => {
    const at = T0 + Math.floor(i / 4) * 1000;
    return {
      id: `inc-${String((i * 7919) % count).padStart(4, '0')}`,
      clientKey: `client${i % 5}@client.example`,
      clientName: i % 3 === 0 ? `Client ${i}, "quoted"` : `=Client ${i}`,
      ...(i % 2 === 0 ? { clientEmail: `client${i % 5}@client.example` } : {}),
      source: { tool: 'manual', label: 'Manual' },
      category: 'c',
      summary: `line one\nline ${i}`,
      createdBy: ANA.email,
      createdByRole: 'front-desk',
      createdAt: at,
      updatedAt: at + 5,
      status: 'open',
      checklist: [{ stepId: 'acknowledge', label: 'Acknowledge', dueAt: at + 60_000, ...(i % 2 ? { doneAt: at + 1, doneBy: ANA.email } : {}) }],
      remedies:
        i % 4 === 3
          ? []
          : [
              {
                id: `g${i}b`, remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 2050 + i, currency: 'USD',
                status: 'granted', decision: 'within-authority', requestedBy: ANA.email, requestedByRole: 'front-desk', requestedAt: at + 3,
                grantedAt: at + 3, creditNoteNumber: `CN-2026-${String(2 * i + 2).padStart(4, '0')}`,
              },
              {
                id: `g${i}a`, remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 100, currency: 'USD',
                status: 'granted', decision: 'approved', requestedBy: ANA.email, requestedByRole: 'front-desk', requestedAt: at + 2,
                grantedAt: at + 2, approvedBy: CARLA.email, creditNoteNumber: `CN-2026-${String(2 * i + 1).padStart(4, '0')}`, note: 'a, "b"',
              },
            ],
      policyVersion: '1',
    };
  });
}

/** The export as the background writes it: a batch of `size` incidents per chunk. */
async function chunked(ledger: Ledger, format: 'json' | 'csv', size: number, now: number): Promise<{ text: string; chunks: number }> {
  const parts = [format === 'json' ? jsonHeader(now) : csvHeader()];
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const batch = await ledger.incidentsAfter(after, size);
    parts.push(format === 'json' ? jsonIncidents(batch, after === null) : csvRows(batch, 'America/New_York'));
    const last = batch.at(-1);
    if (batch.length < size || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (format === 'json') parts.push(jsonFooter(await ledger.creditNoteSequences()));
  return { text: parts.join(''), chunks: parts.length };
}

describe('export in chunks', () => {
  it('writes the same bytes over many batches as in one pass, and the file round-trips', async () => {
    const incidents = manyIncidents(103);
    const ledger = await freshLedger();
    expect(await ledger.importJson(buildExport(incidents, { 'CN-2026': 206 }, T0))).toEqual({ added: 103, updated: 0, unchanged: 0 });
    const whole = await ledger.exportJson(T0 + 10);
    const csv = await ledger.exportCsv('America/New_York');
    for (const size of [1, 3, 4, 7, 50, 103, 500]) {
      const json = await chunked(ledger, 'json', size, T0 + 10);
      expect(json.text).toBe(whole);
      expect(json.chunks).toBeGreaterThanOrEqual(Math.ceil(103 / size));
      expect((await chunked(ledger, 'csv', size, T0 + 10)).text).toBe(csv);
    }
    const parsed = JSON.parse(whole) as { incidents: Incident[]; sequences: Record<string, number> };
    expect(parsed.incidents.map((i) => i.id)).toEqual(
      [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((i) => i.id),
    );
    expect(parsed.incidents).toEqual(expect.arrayContaining(incidents.map((i) => expect.objectContaining(i))));
    expect(parsed.sequences).toEqual({ 'CN-2026': 206 });
    // Readable: one incident per line.
    expect(whole.split('\n')).toHaveLength(103 + 3);
    const copy = await freshLedger();
    await copy.importJson(whole);
    expect(await copy.exportJson(T0 + 10)).toBe(whole);
    // Each incident's grants in order of grant, each incident oldest first.
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(78 * 2);
    expect(rows[0]).toContain('CN-2026-0001');
    expect(rows[1]).toContain('CN-2026-0002');
  });

  it('writes an empty ledger as a valid, re-importable file', async () => {
    const ledger = await freshLedger();
    const { text } = await chunked(ledger, 'json', 5, T0);
    expect(text).toBe(await ledger.exportJson(T0));
    expect(JSON.parse(text)).toEqual({ format: 'make-it-right-ledger', version: 1, exportedAt: new Date(T0).toISOString(), incidents: [], sequences: {} });
    expect(await (await freshLedger()).importJson(text)).toEqual({ added: 0, updated: 0, unchanged: 0 });
    expect((await chunked(ledger, 'csv', 5, T0)).text).toBe(`${csvHeader()}`);
  });

  it('keeps fields it does not know, in a stable place', () => {
    const [incident] = manyIncidents(1);
    const extra = { ...incident!, zeta: 1, alpha: { b: 2, a: 1 } } as Incident;
    const line = jsonIncidents([extra], true);
    expect(line.endsWith(',"alpha":{"a":1,"b":2},"zeta":1}')).toBe(true);
    expect(line.startsWith('\n{"id":"inc-0000","clientKey":')).toBe(true);
  });
});
