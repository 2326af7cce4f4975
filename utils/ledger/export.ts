import { z } from 'zod';
import { REMEDY_KINDS } from '../policy/types';
import { CLIENT_SOURCES } from '../detect/types';
import type { Incident } from './types';

// The ledger's JSON export: lossless, versioned, re-importable. The file is untrusted when it comes
// back (it may have been edited or come from elsewhere), so import validates every field and bound.

export const EXPORT_FORMAT = 'make-it-right-ledger';
export const EXPORT_VERSION = 1;

export interface LedgerExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  incidents: Incident[];
  /** Last credit note number used per `<prefix>-<year>`. */
  sequences: Record<string, number>;
}

const time = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const email = text(320);

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
  amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(['granted', 'pending', 'declined']),
  decision: z.enum(['within-authority', 'approved', 'needs-approval']),
  requestedBy: email,
  requestedByRole: text(200),
  requestedAt: time,
  grantedAt: time.optional(),
  approvedBy: email.optional(),
  creditNoteNumber: text(100).optional(),
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
  sequences: z.record(z.string().max(200), z.number().int().nonnegative()),
});

/** Stable text for a value: object keys sorted at every level, so equal data gives equal bytes. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
  return sorted;
}

/** The export file's text: incidents oldest first, sequences by key. */
export function buildExport(
  incidents: Incident[],
  sequences: Record<string, number>,
  now: number,
): string {
  const envelope: LedgerExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    incidents: [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
    sequences,
  };
  return `${canonicalJson(envelope, 2)}\n`;
}

/** Validates an export file; throws an Error saying what is wrong with it. */
export function parseExport(fileText: string): LedgerExport {
  let raw: unknown;
  try {
    raw = JSON.parse(fileText);
  } catch {
    throw new Error('This file is not JSON, so it is not a Make It Right ledger export');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== EXPORT_FORMAT) {
    throw new Error('This file is not a Make It Right ledger export');
  }
  if ((raw as { version?: unknown }).version !== EXPORT_VERSION) {
    throw new Error(`This ledger export is version ${String((raw as { version?: unknown }).version)}; this extension reads version ${EXPORT_VERSION}`);
  }
  const parsed = exportSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`This ledger export is damaged: ${where}`);
  }
  const ids = new Set<string>();
  for (const incident of parsed.data.incidents) {
    if (ids.has(incident.id)) throw new Error(`This ledger export lists incident ${incident.id} twice`);
    ids.add(incident.id);
  }
  return parsed.data as LedgerExport;
}
