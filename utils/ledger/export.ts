import { z } from 'zod';
import { REMEDY_KINDS } from '../policy/types';
import { CLIENT_SOURCES } from '../detect/types';
import { isKnownCurrency } from '../money';
import { isEmailAddress, type Identity } from '../people';
import { parseCreditNoteNumber } from './credit-notes';
import type { Incident } from './types';
import { t } from '../i18n';
import { canonicalJson, sortKeys } from './canonical-json';

export { canonicalJson };

// The ledger's JSON export: lossless, versioned, re-importable. The file is untrusted when it comes
// back (it may have been edited or come from elsewhere), so import validates every field and bound.

const EXPORT_FORMAT = 'make-it-right-ledger';
const EXPORT_VERSION = 1;

export interface LedgerExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  incidents: Incident[];
  /** Last credit note number used per `<prefix>-<year>`. */
  sequences: Record<string, number>;
}

// Bounds of one file (the options page sends a larger one in parts, each a file of its own).
/** Characters of one file: a 100,000-incident export is about 170 MB, sent in parts far below this. */
export const MAX_IMPORT_CHARS = 64 * 2 ** 20;
const MAX_INCIDENTS = 200_000;
const MAX_SEQUENCES = 10_000;
/** The largest credit note sequence: seven digits, far beyond a year's notes in any one series. */
const MAX_SEQUENCE = 9_999_999;
/** One remedy's amount in minor units: a billion in a two-decimal currency. */
const MAX_AMOUNT = 100_000_000_000;
/** Clock skew allowed between the browser that exported and this one. */
const FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

const time = z.number().int().nonnegative();
const IDENTITIES = ['managed', 'firm-ledger', 'self-declared'] as const satisfies readonly Identity[];
const text = (max: number) => z.string().max(max);
/** Who did something: an address in the one form the product stores. */
const email = text(320).refine((v) => v === '' || (v === v.trim().toLowerCase() && isEmailAddress(v)), 'not an email address');
const creditNoteNumber = text(100).refine((v) => {
  const parsed = parseCreditNoteNumber(v);
  return parsed !== null && /-\d{1,7}$/.test(v) && parsed.sequence >= 1 && parsed.sequence <= MAX_SEQUENCE;
}, 'not a credit note number this ledger gives');
const sequenceKey = z.string().regex(/^[^\s]{1,40}-\d{4}(-[A-Z][A-Z0-9]{0,5})?$/, 'not a credit note series');

const checklistSchema = z.object({
  stepId: text(200),
  label: text(500),
  dueAt: time.optional(),
  doneAt: time.optional(),
  doneBy: email.optional(),
});

const remedySchema = z.object({
  id: text(100),
  remedyId: text(200),
  label: text(500),
  kind: z.enum(REMEDY_KINDS),
  amount: z.number().int().nonnegative().max(MAX_AMOUNT),
  currency: z.string().regex(/^[A-Z]{3}$/).refine(isKnownCurrency, 'not an ISO 4217 currency'),
  status: z.enum(['granted', 'pending', 'declined', 'refused']),
  decision: z.enum(['within-authority', 'approved', 'needs-approval']),
  requestedBy: email,
  requestedByRole: text(200),
  requestedByIdentity: z.enum(IDENTITIES).optional(),
  requestedAt: time,
  grantedAt: time.optional(),
  approvedBy: email.optional(),
  approvedByIdentity: z.enum(['marked-by-requester', 'approver-signed-in']).optional(),
  approvalMarkedBy: email.optional(),
  declinedBy: email.optional(),
  declinedAt: time.optional(),
  declineReason: text(2000).optional(),
  creditNoteNumber: creditNoteNumber.optional(),
  note: text(5000).optional(),
});

const incidentSchema = z.object({
  id: text(100).min(1),
  clientKey: text(400).min(1),
  clientName: text(500),
  clientEmail: email.optional(),
  source: z.object({
    tool: z.enum([...CLIENT_SOURCES, 'manual']),
    label: text(200),
    url: text(4000).optional(),
  }),
  category: text(200),
  summary: text(10_000),
  createdBy: email,
  createdByRole: text(200),
  createdByIdentity: z.enum(IDENTITIES).optional(),
  createdAt: time,
  updatedAt: time,
  status: z.enum(['open', 'resolved']),
  resolvedAt: time.optional(),
  resolvedBy: email.optional(),
  checklist: z.array(checklistSchema).max(200),
  remedies: z.array(remedySchema).max(500),
  policyVersion: text(200),
});

const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  incidents: z.array(incidentSchema),
  sequences: z.record(sequenceKey, z.number().int().nonnegative().max(MAX_SEQUENCE)),
});

/** Stable text for a value: object keys sorted at every level, so equal data gives equal bytes. */
// The export file is deterministic: the envelope's fields in a fixed order, then one incident per
// line, oldest first, each with its fields in a fixed order (any field the schema does not know
// follows, sorted), then the credit note sequences sorted by key. Equal data
// gives equal bytes, so export → import → export is byte for byte the same, and the file can be
// written a batch of incidents at a time without ever holding the whole ledger in one string.

// Every object writes the fields its schema declares first, in schema order, then any field the
// schema does not know (written by another version: kept, never dropped), sorted. Records whose
// fields are already in that order (most are: the ledger and the import both write them so) are
// written as they are; others are copied into that order first.

const INCIDENT_KEYS = Object.keys(incidentSchema.shape);
const SOURCE_KEYS = Object.keys(incidentSchema.shape.source.shape);
const CHECKLIST_KEYS = Object.keys(checklistSchema.shape);
const REMEDY_KEYS = Object.keys(remedySchema.shape);

/** Whether an object's own keys all appear in `keys`, in that order. */
function inOrder(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let at = 0;
  for (const key in value) {
    while (at < keys.length && keys[at] !== key) at++;
    if (at++ >= keys.length) return false;
  }
  return true;
}

function listInOrder(value: unknown, keys: readonly string[]): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!inOrder(item, keys)) return false;
  return true;
}

/** A copy of `value` with `keys` first in that order, then any others sorted. */
function ordered(value: unknown, keys: readonly string[], nested?: (key: string, field: unknown) => unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return sortKeys(value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = nested ? nested(key, source[key]) : source[key];
  for (const key of Object.keys(source).filter((k) => !keys.includes(k)).sort()) out[key] = sortKeys(source[key]);
  return out;
}

function orderedList(value: unknown, keys: readonly string[]): unknown {
  return Array.isArray(value) ? value.map((item: unknown) => ordered(item, keys)) : sortKeys(value);
}

function incidentJson(incident: Incident): string {
  if (
    inOrder(incident, INCIDENT_KEYS) &&
    inOrder(incident.source, SOURCE_KEYS) &&
    listInOrder(incident.checklist, CHECKLIST_KEYS) &&
    listInOrder(incident.remedies, REMEDY_KEYS)
  ) {
    return JSON.stringify(incident);
  }
  return JSON.stringify(
    ordered(incident, INCIDENT_KEYS, (key, field) =>
      key === 'source'
        ? ordered(field, SOURCE_KEYS)
        : key === 'checklist'
          ? orderedList(field, CHECKLIST_KEYS)
          : key === 'remedies'
            ? orderedList(field, REMEDY_KEYS)
            : sortKeys(field),
    ),
  );
}

/** The file's opening, up to the incidents. */
export function jsonHeader(now: number): string {
  return `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(new Date(now).toISOString())},"incidents":[`;
}

/**
 * A batch of incidents, already in export order, one per line. `first` says no incident was written
 * before this batch (so no comma leads it).
 */
export function jsonIncidents(batch: readonly Incident[], first: boolean): string {
  let text = '';
  for (let i = 0; i < batch.length; i++) {
    text += `${first && i === 0 ? '' : ','}\n${incidentJson(batch[i]!)}`;
  }
  return text;
}

/** The file's end: the credit note sequences, sorted by key. */
export function jsonFooter(sequences: Record<string, number>): string {
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(sequences).sort()) sorted[key] = sequences[key]!;
  return `\n],"sequences":${JSON.stringify(sorted)}}\n`;
}

/** Times that cannot be: in the future, or a grant without one. */
function timeProblem(incident: Incident, now: number): string | null {
  const latest = now + FUTURE_SKEW_MS;
  const times: [string, number | undefined][] = [
    ['createdAt', incident.createdAt],
    ['updatedAt', incident.updatedAt],
    ['resolvedAt', incident.resolvedAt],
    ...incident.checklist.flatMap((step, i): [string, number | undefined][] => [[`checklist.${i}.doneAt`, step.doneAt]]),
    ...incident.remedies.flatMap((r, i): [string, number | undefined][] => [
      [`remedies.${i}.requestedAt`, r.requestedAt],
      [`remedies.${i}.grantedAt`, r.grantedAt],
    ]),
  ];
  for (const [field, at] of times) if (at !== undefined && at > latest) return t('expInFuture', field);
  for (const [i, r] of incident.remedies.entries()) {
    if (r.status === 'granted' && r.grantedAt === undefined) return t('expGrantedAtMissing', String(i));
  }
  return null;
}

/**
 * Validates an export file as strictly as a policy: every field's type, form and bound, the file's
 * size and counts, times that cannot be, amounts whose sums would not be exact, and credit note
 * numbers given twice. Throws an Error saying what is wrong.
 */
export function parseExport(fileText: string, now = Date.now()): LedgerExport {
  if (fileText.length > MAX_IMPORT_CHARS) {
    throw new Error(t('expTooLarge', String(MAX_IMPORT_CHARS / 2 ** 20)));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fileText);
  } catch {
    throw new Error(t('importNotJson'));
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== EXPORT_FORMAT) {
    throw new Error(t('expNotExport'));
  }
  if ((raw as { version?: unknown }).version !== EXPORT_VERSION) {
    throw new Error(t('expVersion', String((raw as { version?: unknown }).version), String(EXPORT_VERSION)));
  }
  const { incidents, sequences } = raw as { incidents?: unknown; sequences?: unknown };
  if (Array.isArray(incidents) && incidents.length > MAX_INCIDENTS) {
    throw new Error(t('expTooMany', String(incidents.length), String(MAX_INCIDENTS)));
  }
  if (typeof sequences === 'object' && sequences !== null && Object.keys(sequences).length > MAX_SEQUENCES) {
    throw new Error(t('expTooManySeries', String(MAX_SEQUENCES)));
  }
  const parsed = exportSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
      .join('; ');
    throw new Error(t('expDamaged', where));
  }
  const ids = new Set<string>();
  const numbers = new Set<string>();
  let total = 0;
  for (const incident of parsed.data.incidents as Incident[]) {
    if (ids.has(incident.id)) throw new Error(t('importTwice', incident.id));
    ids.add(incident.id);
    const problem = timeProblem(incident, now);
    if (problem) throw new Error(t('expDamagedIncident', incident.id, problem));
    for (const remedy of incident.remedies) {
      total += remedy.amount;
      if (!Number.isSafeInteger(total)) throw new Error(t('expDamagedTotal'));
      const number = remedy.creditNoteNumber;
      if (number === undefined) continue;
      if (numbers.has(number)) throw new Error(t('expNoteTwice', number));
      numbers.add(number);
    }
  }
  return parsed.data as LedgerExport;
}
