import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../example-policy';
import { csvCell, remediesCsv } from '@/utils/ledger/csv';
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

  it('merges by id: no duplicates, newer versions replace older, older ones are ignored', async () => {
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
      'Date,Client,Client email,Credit note number,Amount,Currency,Remedy,Approved by,Incident id',
      `2026-11-25,"Alice ""Al"" Example, Jr.",alice@client.example,CN-2026-0001,20.50,USD,Credit the courier fee,,${a.id}`,
      `2026-11-25,"'=HYPERLINK(""http://evil"")",'=cmd@client.example,CN-2026-0002,300.00,USD,Refund the consultation fee,carla.meyer@harborpine.example,${b.id}`,
      '',
    ]);
  });

  it('quotes commas, quotes and newlines, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=a,"b"')).toBe('"\'=a,""b"""');
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
    expect(csv.split('\r\n')[1]).toBe('2026-12-31,K,,,1500,JPY,Yen credit,,i1');
  });
});
