import { minorToDecimalString } from '../money';
import { getAt, setAt, type Json, type PolicyDocument } from './document';

// A change to try: the dashboard opens the policy editor with one role's per-incident limit changed,
// as a draft on top of the policy in force. It travels in the editor's address, so a partner can
// also bookmark or send it; nothing is applied until they choose to.

export interface LimitDraft {
  role: string;
  /** Minor units of the firm's currency. */
  perIncident: number;
  /** A remedy at an amount the *What each role may do* table adds a row for, to show the effect. */
  case?: { remedyId: string; amount: number };
}

const ROLE = 'draftRole';
const PER_INCIDENT = 'draftPerIncident';
const REMEDY = 'draftRemedy';
const AMOUNT = 'draftAmount';
const MINOR = /^\d{1,15}$/;

/** `policy-editor.html?draftRole=…&draftPerIncident=…` */
export function draftUrl(draft: LimitDraft): string {
  const params = new URLSearchParams({ [ROLE]: draft.role, [PER_INCIDENT]: String(draft.perIncident) });
  if (draft.case) {
    params.set(REMEDY, draft.case.remedyId);
    params.set(AMOUNT, String(draft.case.amount));
  }
  return `policy-editor.html?${params}`;
}

/** The draft an address carries; null when it carries none or a malformed one. */
export function parseDraft(search: string): LimitDraft | null {
  const params = new URLSearchParams(search);
  const role = params.get(ROLE);
  const amount = params.get(PER_INCIDENT);
  if (!role || amount === null || !MINOR.test(amount)) return null;
  const remedyId = params.get(REMEDY);
  const caseAmount = params.get(AMOUNT);
  const shown = remedyId && caseAmount !== null && MINOR.test(caseAmount) ? { case: { remedyId, amount: Number(caseAmount) } } : {};
  return { role, perIncident: Number(amount), ...shown };
}

/**
 * The document with the draft's limit written the JSON's way (decimals of the currency); null when
 * the document has no such role (the policy changed since the dashboard was read).
 */
export function applyDraft(
  doc: PolicyDocument,
  draft: LimitDraft,
  currency: string,
): { doc: PolicyDocument; index: number; label: string; before: Json | undefined } | null {
  const roles = getAt(doc, ['roles']);
  if (!Array.isArray(roles)) return null;
  const index = roles.findIndex((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && r.id === draft.role);
  if (index < 0) return null;
  const before = getAt(doc, ['roles', index, 'perIncident']);
  const label = getAt(doc, ['roles', index, 'label']);
  const value = Number(minorToDecimalString(draft.perIncident, currency));
  return { doc: setAt(doc, ['roles', index, 'perIncident'], value), index, label: typeof label === 'string' ? label : draft.role, before };
}
