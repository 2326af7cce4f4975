import { describe, expect, it } from 'vitest';
import { awayToWrite, clientsWithOpenRequests, ledgerOfPage, phonePageUrl, phoneRequestUrl, requestInHash } from '@/utils/firm-ledger/phone';
import { ledgerRules } from '@/utils/firm-ledger/rules';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';

// The phone page's addresses and the open requests it looks for: the link in the email opens the
// request, the page finds its ledger from its own address, and an answered request is not fetched.

describe('the phone page', () => {
  it('lives beside the ledger, and finds the ledger from its own address', () => {
    const page = phonePageUrl('https://ledger.example-firm.com/couch/make-it-right/');
    expect(page).toBe('https://ledger.example-firm.com/couch/make-it-right-phone/_design/page/index.html');
    expect(ledgerOfPage(`${page}#request=x`)).toBe('https://ledger.example-firm.com/couch/make-it-right');
  });

  it("opens the request its link names, whatever characters the request's id holds", () => {
    const id = 'ana.ruiz@harborpine.example:consult-refund:50000:5f1c';
    const link = phoneRequestUrl('https://h/db', id);
    expect(requestInHash(new URL(link).hash)).toBe(id);
    expect(requestInHash('')).toBeNull();
    expect(requestInHash('#request=%E0%A4%A')).toBeNull();
  });

  it('looks only at clients with a request no one answered', () => {
    const rows = [
      { key: 'r1', value: ['i1', 'maya'] as [string, string] },
      { key: 'r1', value: null },
      { key: 'r2', value: ['i2', 'li'] as [string, string] },
    ];
    expect(clientsWithOpenRequests(rows)).toEqual(['li']);
  });
});

describe('away from the phone page', () => {
  const policy = examplePolicy();
  const rules = ledgerRules(policy);
  const NOW = Date.UTC(2026, 11, 7, 9);
  const dev: Me = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner', identity: 'firm-ledger' };
  const ana: Me = { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk', identity: 'firm-ledger' };

  it("writes the approver's own away record, one the server takes", () => {
    const made = awayToWrite(dev, policy, rules, NOW + 4 * 3_600_000, NOW);
    if (!('record' in made)) throw new Error(made.refusal);
    expect(made.record).toMatchObject({ type: 'approver-away', author: dev.email, at: NOW, until: NOW + 4 * 3_600_000 });
    expect(made.record._id.startsWith(`away/${dev.email}:`)).toBe(true);
    // Back now: a record that ends as it is made.
    const back = awayToWrite(dev, policy, rules, null, NOW);
    expect('record' in back && back.record.until).toBe(NOW);
  });

  it('refuses, in words and before sending, a time already past and someone who approves for no one', () => {
    expect(awayToWrite(dev, policy, rules, NOW - 60_000, NOW)).toEqual({ refusal: 'Choose a time after now for when you are back.' });
    expect(awayToWrite(dev, policy, rules, Number.NaN, NOW)).toEqual({ refusal: 'Choose a time after now for when you are back.' });
    expect('refusal' in awayToWrite(ana, policy, rules, NOW + 3_600_000, NOW)).toBe(true);
  });
});
