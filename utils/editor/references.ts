import { getAt, setAt, type Json, type PolicyDocument } from './document';

// Renaming an id renames what refers to it: a role's id in the staff list and in approver roles, a
// remedy's in categories' suggestions, a template's in remedies. An id that another item already
// has is set alone, so two items' references never merge.

export type ReferencedList = 'roles' | 'remedies' | 'templates';

/** Where each list's ids are referred to: [list, the key in each item] or a nested list of ids. */
const REFERENCES: Record<ReferencedList, readonly { list: string; key: string; many?: true }[]> = {
  roles: [
    { list: 'staff', key: 'role' },
    { list: 'roles', key: 'approverRole' },
  ],
  remedies: [{ list: 'categories', key: 'suggestedRemedies', many: true }],
  templates: [{ list: 'remedies', key: 'template' }],
};

function items(doc: PolicyDocument, list: string): Json[] {
  const value = getAt(doc, [list]);
  return Array.isArray(value) ? value : [];
}

export function renameId(doc: PolicyDocument, list: ReferencedList, index: number, newId: string): PolicyDocument {
  const oldId = getAt(doc, [list, index, 'id']);
  let next = setAt(doc, [list, index, 'id'], newId);
  const taken = items(doc, list).some((item, i) => i !== index && getAt(item, ['id']) === newId);
  if (typeof oldId !== 'string' || oldId === newId || taken) return next;
  for (const ref of REFERENCES[list]) {
    items(next, ref.list).forEach((item, i) => {
      const value = getAt(item, [ref.key]);
      if (ref.many && Array.isArray(value) && value.includes(oldId)) {
        next = setAt(next, [ref.list, i, ref.key], value.map((v) => (v === oldId ? newId : v)));
      } else if (value === oldId) {
        next = setAt(next, [ref.list, i, ref.key], newId);
      }
    });
  }
  return next;
}
