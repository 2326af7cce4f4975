import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../example-policy';
import { csvBlocks, csvCell, csvHeader } from '@/utils/ledger/csv';
import { exportFile } from '@/utils/ledger/transfer';
import { jsonFooter, jsonHeader, jsonIncidents } from '@/utils/ledger/export';
import type { Ledger } from '@/utils/ledger/repository';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import { ANA, CARLA, freshLedger, input } from './helpers';
import { exportText, memorySource } from './export-source';

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
    const first = await exportText(ledger, 'json', 'UTC', T0 + 10);
    const copy = await freshLedger();
    expect(await copy.importJson(first)).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await exportText(copy, 'json', 'UTC', T0 + 10)).toBe(first);
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
    await copy.importJson(await exportText(ledger, 'json', 'UTC', T0));
    const c = await copy.startIncident(input('dan@client.example', 'Dan'), ANA, policy, T0 + 20);
    const granted = await copy.grantRemedy({ incidentId: c.id, remedyId: 'courier-credit', amount: 100 }, ANA, policy, T0 + 21);
    expect(granted.remedies[0]?.creditNoteNumber).toBe('CN-2026-0003');
  });

  it('merges by id: no duplicates, a copy adds what the ledger lacks (a ticked step), older ones change nothing', async () => {
    const { ledger, a } = await busyLedger();
    const snapshot = await exportText(ledger, 'json', 'UTC', T0);
    expect(await ledger.importJson(snapshot)).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect((await ledger.listIncidents({})).incidents).toHaveLength(2);

    const copy = await freshLedger();
    await copy.importJson(snapshot);
    await ledger.tickStep(a.id, 'apologize', true, ANA, T0 + 100);
    const newer = await exportText(ledger, 'json', 'UTC', T0);
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
      const envelope = JSON.parse(await exportText(ledger, 'json', 'UTC', T0));
      envelope.incidents[0].remedies[0].amount = -100;
      envelope.incidents[0].id = 'tampered';
      fileText = JSON.stringify(envelope);
    }
    const before = await exportText(ledger, 'json', 'UTC', T0);
    await expect(ledger.importJson(fileText)).rejects.toThrow(message);
    expect(await exportText(ledger, 'json', 'UTC', T0)).toBe(before);
    expect(await ledger.getIncident(a.id)).not.toBeNull();
  });

  it('refuses a file listing the same incident twice', async () => {
    const { ledger } = await busyLedger();
    const envelope = JSON.parse(await exportText(ledger, 'json', 'UTC', T0));
    envelope.incidents.push(envelope.incidents[0]);
    await expect((await freshLedger()).importJson(JSON.stringify(envelope))).rejects.toThrow('twice');
  });
});

describe('CSV export', () => {
  it('has one row per remedy given with money value, with its kind, who granted it and how that is known', async () => {
    const { ledger, a, b } = await busyLedger();
    const csv = await exportText(ledger, 'csv', 'America/New_York');
    expect(csv.split('\r\n')).toEqual([
      'Date,Book as,Kind,Credit note number,Client,Client email,Remedy,Amount,Currency,Granted by,Requested by,Verification,Incident id',
      `2026-11-25,"Credit note","credit","CN-2026-0001","Alice ""Al"" Example, Jr.","alice@client.example","Credit the courier fee",20.50,"USD","ana.ruiz@harborpine.example","ana.ruiz@harborpine.example","Unverified: self-declared email","${a.id}"`,
      `2026-11-25,"Credit note","refund","CN-2026-0002","'=HYPERLINK(""http://evil"")","'=cmd@client.example","Refund the consultation fee",300.00,"USD","carla.meyer@harborpine.example","ana.ruiz@harborpine.example","Unverified: approval marked by the requester","${b.id}"`,
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

  it('dates each row in the firm\'s time zone', async () => {
    const late = Date.UTC(2027, 0, 1, 3, 0);
    const csv = await exportText(memorySource([oneGrant(late, { label: 'Yen credit', amount: 1500, currency: 'JPY' })]), 'csv', 'America/New_York');
    expect(csv.split('\r\n')[1]).toBe('2026-12-31,"Credit note","credit","","K","","Yen credit",1500,"JPY","a@b.example","a@b.example","Unverified: self-declared email","i1"');
  });
});

/** One incident with one granted remedy. */
function oneGrant(at: number, over: Partial<GrantedRemedy> = {}, incident: Partial<Incident> = {}): Incident {
  return {
    id: 'i1', clientKey: 'k', clientName: 'K', source: { tool: 'manual', label: 'Manual' }, category: 'c',
    summary: '', createdBy: 'a@b.example', createdByRole: '', createdAt: at, updatedAt: at, status: 'open',
    checklist: [], policyVersion: '1',
    remedies: [{
      id: 'g', remedyId: 'r', label: 'Credit', kind: 'credit', amount: 2000, currency: 'USD', status: 'granted',
      decision: 'within-authority', requestedBy: 'a@b.example', requestedByRole: '', requestedAt: at, grantedAt: at, ...over,
    }],
    ...incident,
  };
}

/** A month of a small firm: a credit, a refund approved, flowers, a waived fee, apologies at $0, a request still pending. */
async function monthOfIncidents() {
  const ledger = await freshLedger();
  const policy = examplePolicy();
  policy.remedies.push({ id: 'waive-fee', label: 'Waive the filing fee', kind: 'fee-waiver', defaultAmount: 4000 });
  const managed = { ...CARLA, identity: 'managed' as const };
  const a = await ledger.startIncident(input('alice@client.example', 'Alice Moreau'), ANA, policy, T0);
  await ledger.grantRemedy({ incidentId: a.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0 + 1);
  await ledger.grantRemedy({ incidentId: a.id, remedyId: 'apology', amount: 0 }, ANA, policy, T0 + 2);
  await ledger.grantRemedy({ incidentId: a.id, remedyId: 'flowers', amount: 6000, note: 'For her mother' }, managed, policy, T0 + 3);
  const b = await ledger.startIncident(input('bob@client.example', 'Bob; =1+1 Baker'), ANA, policy, T0 + 10);
  const asked = await ledger.requestApproval({ incidentId: b.id, remedyId: 'consult-refund', amount: 50_000 }, ANA, policy, T0 + 11);
  await ledger.markApproved(b.id, asked.remedies[0]!.id, 'dev.patel@harborpine.example', policy, T0 + 12, ANA);
  await ledger.grantRemedy({ incidentId: b.id, remedyId: 'waive-fee', amount: 4000 }, { ...DEV, identity: 'managed' }, policy, T0 + 13);
  await ledger.grantRemedy({ incidentId: b.id, remedyId: 'apology', amount: 0 }, ANA, policy, T0 + 14);
  const c = await ledger.startIncident(input('cy@client.example', 'Cy'), ANA, policy, T0 + 20);
  await ledger.requestApproval({ incidentId: c.id, remedyId: 'consult-refund', amount: 50_000 }, ANA, policy, T0 + 21);
  return { ledger, a, b };
}

const DEV = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' };
const rowsOf = (csv: string) => csv.split('\r\n').slice(1, -1);
const cellsOf = (row: string) => row.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);

describe("the bookkeeper's files", () => {
  it('leaves out $0 apologies and pending requests, and puts credit notes first, then fees waived, then gifts', async () => {
    const { ledger } = await monthOfIncidents();
    const rows = rowsOf(await exportText(ledger, 'csv', 'America/New_York')).map(cellsOf);
    expect(rows.map((r) => [r[1], r[2], r[3], r[7], r[9]])).toEqual([
      ['"Credit note"', '"credit"', '"CN-2026-0001"', '20.00', '"ana.ruiz@harborpine.example"'],
      ['"Credit note"', '"refund"', '"CN-2026-0002"', '500.00', '"dev.patel@harborpine.example"'],
      ['"Fee waived"', '"fee-waiver"', '""', '40.00', '"dev.patel@harborpine.example"'],
      ['"Expense (gift)"', '"gift"', '""', '60.00', '"carla.meyer@harborpine.example"'],
    ]);
    expect(rows.map((r) => r[11])).toEqual([
      '"Unverified: self-declared email"',
      '"Unverified: approval marked by the requester"',
      '"Verified: email set by IT"',
      '"Verified: email set by IT"',
    ]);
  });

  it("writes Xero's sales invoice import template as it is: credit notes alone, as negative lines with their own numbers", async () => {
    const { ledger, b } = await monthOfIncidents();
    const xero = (locale: string, taxType = 'Tax Exempt') =>
      exportFile(ledger, { layout: 'xero', locale, xero: { accountCode: '200', taxType } }, 'America/New_York', T0 + 30);
    const file = await xero('en-US');
    expect(file.fileName).toBe('make-it-right-xero-credit-notes-2026-11-25.csv');
    const [header, ...rest] = (await new Blob(file.parts).text()).split('\r\n');
    expect(header).toBe(
      '*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,' +
        '*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,' +
        '*TaxType,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme',
    );
    const rows = rest.filter(Boolean).map(cellsOf);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === 27)).toBe(true);
    const refund = rows[1]!;
    expect(refund[0]).toBe(`"Bob; '=1+1 Baker"`);
    expect(refund[1]).toBe('"bob@client.example"');
    expect(refund[10]).toBe('"CN-2026-0002"');
    expect(refund[11]).toBe(`"Make It Right incident ${b.id}"`);
    expect([refund[12], refund[13]]).toEqual(['11/25/2026', '11/25/2026']);
    expect([refund[15], refund[16], refund[17], refund[19], refund[20], refund[25]]).toEqual([
      '"Refund the consultation fee"', '1', '-500.00', '"200"', '"Tax Exempt"', '"USD"',
    ]);
    // Day first outside the US, as Xero reads dates there.
    expect(cellsOf(rowsOf(await new Blob((await xero('en-GB', 'No VAT')).parts).text())[0]!)[12]).toBe('25/11/2026');
    await expect(xero('en-US', ' ')).rejects.toThrow('Enter the account code and the tax rate as your Xero names them');
  });

  it('writes the credit notes for QuickBooks Online, and the gifts apart, to enter as expenses', async () => {
    const { ledger } = await monthOfIncidents();
    const qb = await new Blob((await exportFile(ledger, { layout: 'quickbooks', locale: 'en-GB' }, 'Europe/London', T0 + 30)).parts).text();
    expect(qb.split('\r\n')[0]).toBe('Credit Note No,Customer,Credit Note Date,Email,Description,Amount,Currency,Memo');
    expect(rowsOf(qb).map((r) => cellsOf(r).slice(0, 3))).toEqual([
      ['"CN-2026-0001"', '"Alice Moreau"', '25/11/2026'],
      ['"CN-2026-0002"', `"Bob; '=1+1 Baker"`, '25/11/2026'],
    ]);
    const gifts = await exportFile(ledger, { layout: 'gifts' }, 'America/New_York', T0 + 30);
    expect(gifts.fileName).toBe('make-it-right-gifts-2026-11-25.csv');
    const rows = rowsOf(await new Blob(gifts.parts).text()).map(cellsOf);
    expect(rows).toEqual([
      ['2026-11-25', '"Get-well flowers"', '60.00', '"USD"', '"Alice Moreau"', '"alice@client.example"', '"carla.meyer@harborpine.example"', '"Verified: email set by IT"', '"For her mother"', expect.any(String)],
    ]);
  });
});

/** Incidents with many equal creation times, so batches end in the middle of a tie. */
function manyIncidents(count: number): Incident[] {
  return Array.from({ length: count }, (_, i): Incident => {
    // Four at a time, a day and a half apart: several weeks, ties within each.
    const at = T0 + Math.floor(i / 4) * 36 * 3_600_000;
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
  const blocks: string[][] = [];
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const batch = await ledger.incidentsAfter(after, size);
    if (format === 'json') parts.push(jsonIncidents(batch, after === null));
    else csvBlocks(batch, { layout: 'bookkeeper', timeZone: 'America/New_York' }).forEach((text, i) => (blocks[i] ??= []).push(text));
    const last = batch.at(-1);
    if (batch.length < size || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (format === 'json') parts.push(jsonFooter(await ledger.creditNoteSequences()));
  else parts.push(...blocks.flat());
  return { text: parts.join(''), chunks: parts.length };
}

describe('export in chunks', () => {
  it('writes the same bytes over many batches as in one pass, and the file round-trips', async () => {
    const incidents = manyIncidents(103);
    const ledger = await freshLedger();
    // Imported as on a day after the last of them.
    const later = T0 + 60 * 86_400_000;
    expect(await ledger.importJson(await exportText(memorySource(incidents, { 'CN-2026': 206 }), 'json', 'UTC', T0), later)).toEqual({ added: 103, updated: 0, unchanged: 0 });
    const whole = await exportText(ledger, 'json', 'UTC', T0 + 10);
    const csv = await exportText(ledger, 'csv', 'America/New_York');
    for (const size of [1, 3, 4, 7, 50, 103, 500]) {
      const json = await chunked(ledger, 'json', size, T0 + 10);
      expect(json.text).toBe(whole);
      expect(json.chunks).toBeGreaterThanOrEqual(Math.ceil(103 / size));
      expect((await chunked(ledger, 'csv', size, T0 + 10)).text).toBe(csv);
    }
    // Again, from the text kept ready: the same bytes.
    expect(await exportText(ledger, 'json', 'UTC', T0 + 10)).toBe(whole);
    expect(await exportText(ledger, 'csv', 'America/New_York')).toBe(csv);
    const parsed = JSON.parse(whole) as { incidents: Incident[]; sequences: Record<string, number> };
    expect(parsed.incidents.map((i) => i.id)).toEqual(
      [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((i) => i.id),
    );
    expect(parsed.incidents).toEqual(expect.arrayContaining(incidents.map((i) => expect.objectContaining(i))));
    expect(parsed.sequences).toEqual({ 'CN-2026': 206 });
    // Readable: one incident per line.
    expect(whole.split('\n')).toHaveLength(103 + 3);
    const copy = await freshLedger();
    await copy.importJson(whole, later);
    expect(await exportText(copy, 'json', 'UTC', T0 + 10)).toBe(whole);
    // Each incident's grants in order of grant, each incident oldest first.
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(78 * 2);
    expect(rows[0]).toContain('CN-2026-0001');
    expect(rows[1]).toContain('CN-2026-0002');
  });

  it('never exports text older than a change: a tick, a resolution, a new incident in a week already written', async () => {
    const ledger = await freshLedger();
    await ledger.importJson(await exportText(memorySource(manyIncidents(40), { 'CN-2026': 80 }), 'json', 'UTC', T0), T0 + 60 * 86_400_000);
    const before = await exportText(ledger, 'json', 'UTC', T0 + 10);
    await exportText(ledger, 'csv', 'America/New_York');
    const oldest = (await ledger.incidentsAfter(null, 1))[0]!;
    await ledger.tickStep(oldest.id, 'acknowledge', true, ANA, T0 + 99);
    await ledger.resolveIncident(oldest.id, ANA, T0 + 100);
    const after = await exportText(ledger, 'json', 'UTC', T0 + 10);
    expect(after).not.toBe(before);
    expect(after).toBe((await chunked(ledger, 'json', 7, T0 + 10)).text);
    expect(JSON.parse(after).incidents.find((i: Incident) => i.id === oldest.id).status).toBe('resolved');
    await ledger.startIncident(input('late@client.example', 'Late'), ANA, examplePolicy(), oldest.createdAt + 1);
    expect(await exportText(ledger, 'json', 'UTC', T0 + 10)).toBe((await chunked(ledger, 'json', 7, T0 + 10)).text);
    expect(await exportText(ledger, 'csv', 'America/New_York')).toBe((await chunked(ledger, 'csv', 7, T0 + 10)).text);
  });

  it('writes an empty ledger as a valid, re-importable file', async () => {
    const ledger = await freshLedger();
    const { text } = await chunked(ledger, 'json', 5, T0);
    expect(text).toBe(await exportText(ledger, 'json', 'UTC', T0));
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
