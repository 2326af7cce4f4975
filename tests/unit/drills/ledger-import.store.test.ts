import { describe, expect, it } from 'vitest';
import { ANA, drillPolicy, freshLedger, input } from './ledger-helpers';
import type { Me } from '@/utils/people';
import { exportText } from '../ledger/export-source';

// Drill: crafted ledger files. Import may add what the ledger lacks; it never rewrites a grant, an
// approval or a credit note number already held, and every field is checked as strictly as the
// policy is. Each crafted file is imported into a ledger holding a $20 grant and a pending $300
// request; afterwards what the ledger held is byte for byte what it held before, and the next grants
// still get fresh, distinct numbers.

const NOW = Date.UTC(2026, 10, 25, 15, 0);
const DAY = 86_400_000;
const BEN: Me = { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('drill: crafted ledger files', () => {
  it('adds only what is missing, refuses what does not hold, and loses nothing', async () => {
    const policy = drillPolicy();
    const ledger = await freshLedger();
    const started = await ledger.startIncident(input(), ANA, policy, NOW - 10 * DAY);
    const granted = await ledger.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, NOW - 10 * DAY);
    const other = await ledger.startIncident(input('dan@client.example', 'Dan'), BEN, policy, NOW - 5 * DAY);
    await ledger.requestApproval({ incidentId: other.id, remedyId: 'consult-refund', amount: 30_000 }, BEN, policy, NOW - 5 * DAY);
    const exported = await exportText(ledger, 'json', 'UTC', NOW);
    const held = async () => JSON.parse(await exportText(ledger, 'json', 'UTC', NOW)).incidents as Json[];
    const before = JSON.stringify(await held());
    const grantNumber = granted.remedies[0]!.creditNoteNumber!;

    const crafted = (change: (file: Json) => void): string => {
      const file = JSON.parse(exported) as Json;
      change(file);
      return JSON.stringify(file);
    };
    const first = (file: Json) => file.incidents.find((i: Json) => i.id === started.id);
    const pending = (file: Json) => file.incidents.find((i: Json) => i.id === other.id);
    const later = (incident: Json) => (incident.updatedAt = NOW - DAY);
    const newIncident = (file: Json, remedy: Json = {}) => {
      const copy = structuredClone(first(file));
      copy.id = 'crafted-incident';
      Object.assign(copy.remedies[0], { id: 'crafted-remedy', ...remedy });
      file.incidents.push(copy);
      return copy;
    };

    const files: [string, string][] = [
      ['the $20 grant made $2,000', crafted((f) => { first(f).remedies[0].amount = 200_000; later(first(f)); })],
      ['grant dates moved back two years', crafted((f) => { first(f).remedies[0].grantedAt -= 730 * DAY; first(f).createdAt -= 730 * DAY; later(first(f)); })],
      ['the pending request marked approved by the partner', crafted((f) => {
        Object.assign(pending(f).remedies[0], { status: 'granted', decision: 'approved', approvedBy: 'dev.patel@harborpine.example', grantedAt: NOW - 2 * DAY });
        later(pending(f));
      })],
      ['the grant moved to another client', crafted((f) => { first(f).clientKey = 'mallory@evil.example'; later(first(f)); })],
      ['the credit note renumbered', crafted((f) => { first(f).remedies[0].creditNoteNumber = 'CN-2026-0999'; later(first(f)); })],
      ['the grant declined away', crafted((f) => { first(f).remedies[0].status = 'declined'; later(first(f)); })],
      ['a future timestamp', crafted((f) => { newIncident(f).createdAt = NOW + 400 * DAY; })],
      ['an unsafe integer amount', crafted((f) => newIncident(f, { amount: 2 ** 53 + 2, creditNoteNumber: undefined }))],
      ['amounts that sum past safe integers', crafted((f) => {
        const copy = newIncident(f, { amount: 4e15, creditNoteNumber: undefined });
        copy.remedies.push({ ...copy.remedies[0], id: 'crafted-remedy-2' }, { ...copy.remedies[0], id: 'crafted-remedy-3' });
      })],
      ['an unknown currency', crafted((f) => newIncident(f, { currency: 'XQZ', creditNoteNumber: undefined }))],
      ['a sequence past safe integers', crafted((f) => { f.sequences['CN-2026'] = 9_007_199_254_740_993; })],
      ['a 25-digit sequence', crafted((f) => { f.sequences['CN-2026'] = 1e25; })],
      ['a 25-digit credit note number', crafted((f) => newIncident(f, { creditNoteNumber: 'CN-2026-1000000000000000000000000' }))],
      ['a credit note number already held', crafted((f) => {
        newIncident(f, { creditNoteNumber: grantNumber });
        f.incidents = f.incidents.filter((i: Json) => i.id !== started.id);
      })],
      ['one credit note number twice in the file', crafted((f) => {
        newIncident(f, { creditNoteNumber: 'CN-2026-0050' });
        const twin = newIncident(f, { creditNoteNumber: 'CN-2026-0050' });
        twin.id = 'crafted-twin';
      })],
      ['a requester that is not an email address', crafted((f) => newIncident(f, { requestedBy: '<script>', creditNoteNumber: undefined }))],
      ['a grant with no date', crafted((f) => newIncident(f, { grantedAt: undefined, creditNoteNumber: undefined }))],
      ['300,000 incidents', crafted((f) => { f.incidents = Array.from({ length: 300_000 }, () => ({})); })],
      ['20,000 sequences', crafted((f) => { for (let i = 0; i < 20_000; i++) f.sequences[`X${i}-2026`] = 1; })],
      ['70 MB of padding', crafted((f) => { f.padding = 'x'.repeat(70 * 2 ** 20); })],
    ];

    let refused = 0;
    let acceptedWithoutChange = 0;
    const rewrote: string[] = [];
    for (const [name, text] of files) {
      let outcome: string;
      try {
        const counts = await ledger.importJson(text, NOW);
        outcome = `imported ${JSON.stringify(counts)}`;
        if (counts.updated === 0) acceptedWithoutChange++;
      } catch (error) {
        outcome = (error as Error).message;
        refused++;
        if (process.env.MIR_DRILL_VERBOSE) console.log(`${name}: ${outcome}`);
      }
      const now = await held();
      const kept = now.filter((i) => i.id === started.id || i.id === other.id);
      if (JSON.stringify(kept) !== before) rewrote.push(`${name}: ${outcome}`);
    }

    // What was missing may still be added; held numbers and the sequence carry on untouched.
    const addition = crafted((f) => newIncident(f, { creditNoteNumber: 'CN-2026-0077' }));
    expect(await ledger.importJson(addition, NOW)).toEqual({ added: 1, updated: 0, unchanged: 2 });
    const next = await ledger.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 500 }, ANA, policy, NOW);
    const numbers = (await held()).flatMap((i) => i.remedies.map((r: Json) => r.creditNoteNumber)).filter(Boolean);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(next.remedies.at(-1)!.creditNoteNumber).toBe('CN-2026-0078');
    expect(await exportText(ledger, 'csv', 'America/New_York')).toContain('CN-2026-0078');

    console.log(
      `crafted ledger files: ${files.length} files, ${refused} refused with a reason, ${acceptedWithoutChange} accepted without changing anything held, ` +
        `${rewrote.length} rewrote a grant, an approval or a number; ${numbers.length} credit note numbers afterwards, 0 shared`,
    );
    expect(rewrote).toEqual([]);
    expect(refused + acceptedWithoutChange).toBe(files.length);
  }, 120_000);
});
