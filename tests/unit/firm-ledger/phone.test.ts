import { describe, expect, it } from 'vitest';
import { clientsWithOpenRequests, ledgerOfPage, phonePageUrl, phoneRequestUrl, requestInHash } from '@/utils/firm-ledger/phone';

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
