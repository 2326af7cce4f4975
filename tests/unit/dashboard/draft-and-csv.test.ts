import { describe, expect, it } from 'vitest';
import { tableCsv } from '@/utils/dashboard/csv';
import { applyDraft, draftUrl, parseDraft } from '@/utils/editor/draft';
import { documentFromPolicy } from '@/utils/editor/document';
import { examplePolicy } from '../example-policy';

describe('a limit to try in the editor', () => {
  it('travels in the editor’s address and comes back the same', () => {
    const url = draftUrl({ role: 'front-desk', perIncident: 4000 });
    expect(url).toBe('policy-editor.html?draftRole=front-desk&draftPerIncident=4000');
    expect(parseDraft(url.slice(url.indexOf('?')))).toEqual({ role: 'front-desk', perIncident: 4000 });
    const withCase = draftUrl({ role: 'front-desk', perIncident: 4000, case: { remedyId: 'courier-credit', amount: 3500 } });
    expect(parseDraft(withCase.slice(withCase.indexOf('?')))).toEqual({ role: 'front-desk', perIncident: 4000, case: { remedyId: 'courier-credit', amount: 3500 } });
  });

  it('is no draft when the address carries none or a malformed one', () => {
    expect(parseDraft('')).toBeNull();
    expect(parseDraft('?draftRole=front-desk')).toBeNull();
    expect(parseDraft('?draftRole=front-desk&draftPerIncident=-5')).toBeNull();
    expect(parseDraft('?draftRole=front-desk&draftPerIncident=40.5')).toBeNull();
  });

  it('changes that role’s per-incident limit in the document, in the currency’s decimals', () => {
    const doc = documentFromPolicy(examplePolicy());
    const applied = applyDraft(doc, { role: 'front-desk', perIncident: 4050 }, 'USD');
    expect(applied).toMatchObject({ index: 0, label: 'Front desk', before: 25 });
    expect((applied!.doc.roles as { perIncident: number }[])[0]!.perIncident).toBe(40.5);
    // Everything else as it was.
    expect((applied!.doc.roles as unknown[]).slice(1)).toEqual((doc.roles as unknown[]).slice(1));
    expect(applyDraft(doc, { role: 'intern', perIncident: 100 }, 'USD')).toBeNull();
  });
});

describe('a table as CSV', () => {
  it('quotes text, defuses formulas and keeps numbers as numbers', () => {
    expect(tableCsv(['Client', 'Incidents', 'Given (USD)'], [['=HYPERLINK("x")', 2, '40.00'], ['Ann "A" Lee', 1, '-5']])).toBe(
      '"Client","Incidents","Given (USD)"\r\n"\'=HYPERLINK(""x"")",2,"40.00"\r\n"Ann ""A"" Lee",1,"\'-5"\r\n',
    );
  });
});

describe('the draft’s effect in What each role may do', () => {
  it('adds a row for the remedy at the amount asked, decided with the draft’s limit', async () => {
    const { authorityTable } = await import('@/utils/editor/authority-table');
    const policy = examplePolicy();
    const cases = [{ remedyId: 'courier-credit', amount: 4000 }];
    const before = authorityTable(policy, 0, cases);
    const row = (table: typeof before) => table.rows.find((r) => r.remedyId === 'courier-credit' && r.amount === 4000)!;
    expect(row(before).cells[0]).toEqual({ kind: 'ask', approverRoleLabel: 'Manager' });
    const draft = { ...policy, roles: policy.roles.map((r) => (r.id === 'front-desk' ? { ...r, perIncident: 4000 } : r)) };
    expect(row(authorityTable(draft, 0, cases)).cells[0]).toEqual({ kind: 'on-the-spot' });
    // Right after the remedy's own row, at its default amount.
    const ids = authorityTable(draft, 0, cases).rows.map((r) => `${r.remedyId}@${r.amount}`);
    expect(ids.slice(0, 2)).toEqual(['courier-credit@2000', 'courier-credit@4000']);
  });
});
