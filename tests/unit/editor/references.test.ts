import { describe, expect, it } from 'vitest';
import { renameId } from '@/utils/editor/references';
import { validateDocument } from '@/utils/editor/issues';
import { exampleDoc } from './helpers';

describe('renaming an id', () => {
  it('renames a role everywhere it is referred to, so the policy stays valid', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc: any = renameId(exampleDoc(), 'roles', 2, 'office-manager');
    expect(doc.roles.map((r: { approverRole?: string }) => r.approverRole)).toEqual([
      'office-manager',
      'office-manager',
      'partner',
      undefined,
    ]);
    expect(doc.staff[2].role).toBe('office-manager');
    expect(validateDocument(doc).issues).toEqual([]);
  });

  it('renames a remedy in categories and a template in remedies', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc: any = renameId(renameId(exampleDoc(), 'remedies', 0, 'courier'), 'templates', 0, 'credit');
    expect(doc.categories[1].suggestedRemedies).toEqual(['courier']);
    expect(doc.categories[3].suggestedRemedies).toEqual(['courier', 'apology']);
    expect(doc.remedies.map((r: { template: string }) => r.template).slice(0, 2)).toEqual(['credit', 'credit']);
    expect(validateDocument(doc).issues).toEqual([]);
  });

  it('leaves references alone when the new id is another item’s, so they never merge', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc: any = renameId(exampleDoc(), 'roles', 1, 'front-desk');
    expect(doc.staff.map((s: { role: string }) => s.role)).toEqual(['front-desk', 'staff', 'manager', 'partner']);
    expect(validateDocument(doc).issues).toContainEqual({ path: 'roles[1].id', message: 'duplicate id "front-desk"' });
  });
});
