import { decideAuthority } from '../authority';
import { creditNoteYear, formatCreditNoteNumber, sequenceKey } from '../ledger/credit-notes';
import { decide } from '../ledger/decide';
import { t } from '../i18n';
import type { Incident } from '../ledger/types';
import type { Me } from '../people';
import type { Policy } from '../policy/types';
import { waitingFor, type WaitingApproval } from './approvals';
import { foldIncident } from './fold';
import type { ApproverAway, LedgerRecord } from './records';
import { ledgerWriteRefusal, recordRefusal, serverRefusal, type LedgerRules } from './rules';

// The phone page for approvers, as the firm's own CouchDB serves it: `ledger:setup` writes a second
// design document holding the page (its attachments), the policy it reads (names, remedies, caps,
// escalation) and three views that spare a phone the whole ledger. The page's answers are the
// approver's own ledger records, decided by the same code as in the extension (utils/ledger/decide.ts) and
// checked by the same rulebook the server runs (rules.ts) before they are sent.

/** In the ledger's database: the policy and the views the page reads. */
export const PHONE_DOC_ID = '_design/make-it-right-phone';
/** In the page's database: the page's files. */
export const PAGE_DOC_ID = '_design/page';
export const PHONE_PAGE = 'index.html';
const PAGE_DATABASE_SUFFIX = '-phone';

/** The page's database beside the ledger's: `https://host/firm` → `https://host/firm-phone`. */
export function pageDatabaseUrl(databaseUrl: string): string {
  return `${databaseUrl.replace(/\/+$/, '')}${PAGE_DATABASE_SUFFIX}`;
}

/** The ledger's database from the page's address (`<ledger>-phone/_design/page/index.html`). */
export function ledgerOfPage(pageUrl: string): string {
  const url = new URL(pageUrl);
  const at = url.pathname.indexOf('/_design/');
  const db = at >= 0 ? url.pathname.slice(0, at) : url.pathname.replace(/\/+$/, '');
  return `${url.origin}${db.endsWith(PAGE_DATABASE_SUFFIX) ? db.slice(0, -PAGE_DATABASE_SUFFIX.length) : db}`;
}

/**
 * CouchDB's `[csp] attachments_header_value`: the page's own scripts, styles and requests, nothing
 * else (no inline script, no other origin, no framing). CouchDB's default, `sandbox`, runs no script.
 */
export const PHONE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The page's address: `<database>-phone/_design/page/index.html`. */
export function phonePageUrl(databaseUrl: string): string {
  return `${pageDatabaseUrl(databaseUrl)}/${PAGE_DOC_ID}/${PHONE_PAGE}`;
}

/** The page's link to one request: it opens that request after sign-in. */
export function phoneRequestUrl(databaseUrl: string, requestId: string): string {
  return `${phonePageUrl(databaseUrl)}#request=${encodeURIComponent(requestId)}`;
}

/** The request a page address names (`#request=<id>`), or null. */
export function requestInHash(hash: string): string | null {
  const match = /(?:^#|&)request=([^&]+)/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

// The views, in syntax every CouchDB engine takes (ES5, no arrow functions).
const VIEWS = {
  // Requests and answers by request id: a request without an answer is still open.
  approvals: {
    map: [
      'function (doc) {',
      "  if (doc.type === 'approval-requested') emit(doc.requestId, [doc.incidentId, doc.clientKey]);",
      "  else if (doc.type === 'approval-approved' || doc.type === 'approval-declined') emit(doc.requestId, null);",
      '}',
    ].join('\n'),
  },
  // Every record of a client: what was given to them (the caps), and the open requests' incidents.
  'by-client': {
    map: [
      'function (doc) {',
      "  if (typeof doc.clientKey === 'string' && typeof doc.incidentId === 'string' && typeof doc.type === 'string') emit(doc.clientKey, null);",
      '}',
    ].join('\n'),
  },
  // Credit-note numbers by series and sequence: the next number of the approver's series.
  'credit-notes': {
    map: [
      'function (doc) {',
      "  if (typeof doc.creditNoteNumber !== 'string') return;",
      '  var m = /^(.+)-(\\d{1,9})$/.exec(doc.creditNoteNumber);',
      '  if (m) emit([m[1], Number(m[2])], null);',
      '}',
    ].join('\n'),
  },
};

export interface PhoneDesignDoc {
  _id: typeof PHONE_DOC_ID;
  _rev?: string;
  language: 'javascript';
  policyVersion: string;
  /** The policy in force, as `ledger:setup` validated it: only the admin writes design documents. */
  policy: Policy;
  views: typeof VIEWS;
}

export interface PageDesignDoc {
  _id: typeof PAGE_DOC_ID;
  _rev?: string;
  language: 'javascript';
  /** A digest of the page's files, so a setup that changes nothing writes nothing. */
  pageDigest: string;
  validate_doc_update: string;
  _attachments?: Record<string, { content_type: string; data?: string; stub?: boolean }>;
}

export interface PageFile {
  name: string;
  contentType: string;
  /** Base64. */
  data: string;
}

export function phoneDesignDoc(policy: Policy): PhoneDesignDoc {
  return { _id: PHONE_DOC_ID, language: 'javascript', policyVersion: policy.policyVersion, policy, views: VIEWS };
}

/** The page's database is readable by anyone; nothing but the admin's setup writes to it. */
const PAGE_ONLY = [
  'function (newDoc, oldDoc, userCtx) {',
  "  if (!userCtx.roles || userCtx.roles.indexOf('_admin') === -1) throw({ forbidden: 'This database holds the phone page only: npm run ledger:setup writes it' });",
  '}',
].join('\n');

export function pageDesignDoc(files: readonly PageFile[], pageDigest: string): PageDesignDoc {
  return {
    _id: PAGE_DOC_ID,
    language: 'javascript',
    pageDigest,
    validate_doc_update: PAGE_ONLY,
    _attachments: Object.fromEntries(files.map((f) => [f.name, { content_type: f.contentType, data: f.data }])),
  };
}

/** One row of the `approvals` view. */
export interface ApprovalRow {
  key: string;
  value: [string, string] | null;
}

/** The clients with a request no one answered yet (the view's rows, requests and answers by request id). */
export function clientsWithOpenRequests(rows: readonly ApprovalRow[]): string[] {
  const answered = new Set(rows.filter((r) => r.value === null).map((r) => r.key));
  const clients = new Set<string>();
  for (const row of rows) {
    if (row.value !== null && !answered.has(row.key)) clients.add(row.value[1]);
  }
  return [...clients];
}

/** A request waiting for the approver, with the caps as they stand for it. */
export interface PhoneRequest extends WaitingApproval {
  /** Money granted to the client in the last 365 days, minor units. */
  givenThisYear: number;
  /** What the approver's own authority leaves for this client: per incident, per client per year (null = no cap). */
  leftPerIncident: number | null;
  leftPerClientYear: number | null;
}

/** The incidents of a client's records, folded as every browser folds them. */
export function incidentsOf(records: readonly LedgerRecord[], now: number): Incident[] {
  const byIncident = new Map<string, LedgerRecord[]>();
  for (const record of records) {
    const list = byIncident.get(record.incidentId);
    if (list) list.push(record);
    else byIncident.set(record.incidentId, [record]);
  }
  return [...byIncident.values()].map((list) => foldIncident(list, now)).filter((i): i is Incident => i !== null);
}

/**
 * What waits for `me` among these clients' incidents, oldest first, each with the caps as they stand;
 * routed past who is away (`away`, everyone's away records) as in the extension's Approvals tab.
 */
export function phoneRequests(me: Me, policy: Policy, incidents: readonly Incident[], now: number, away: readonly ApproverAway[] = []): PhoneRequest[] {
  const byClient = new Map<string, Incident[]>();
  for (const incident of incidents) byClient.set(incident.clientKey, [...(byClient.get(incident.clientKey) ?? []), incident]);
  const open = incidents.filter((i) => i.remedies.some((r) => r.status === 'pending'));
  return waitingFor(me, policy, open, (key) => byClient.get(key) ?? [], now, away).map((w) => {
    const decision = decideAuthority(
      policy,
      me.role,
      byClient.get(w.clientKey) ?? [],
      { clientKey: w.clientKey, incidentId: w.incidentId, remedyId: w.remedyId, amount: w.amount },
      now,
    );
    return {
      ...w,
      givenThisYear: decision.perClientYear.usedBefore,
      leftPerIncident: decision.perIncident.remainingBefore,
      leftPerClientYear: decision.perClientYear.remainingBefore,
    };
  });
}

/** The series the approver numbers credit notes in this year, e.g. "CN-2026-DP": the `credit-notes` view's key. */
export function creditNoteSeries(policy: Policy, email: string, now: number): string {
  const code = policy.staff.find((s) => s.email === email)?.code;
  return sequenceKey(policy.creditNotes.prefix, creditNoteYear(now, policy.firm.timeZone), code);
}

export type PhoneAnswer = { approve: true; lastSequence: number } | { approve: false; reason: string };

/**
 * The approver's answer to one request of `incident` as the records the page writes (the answer,
 * and the steps a grant completes), decided by the extension's own `decide`, or the reason it
 * cannot be written: the rulebook's own refusal (the one the server would give), checked first.
 */
export function answerToWrite(
  incident: Incident,
  history: readonly Incident[],
  requestId: string,
  me: Me,
  policy: Policy,
  rules: LedgerRules,
  answer: PhoneAnswer,
  now: number,
): { records: LedgerRecord[] } | { refusal: string } {
  const year = creditNoteYear(now, policy.firm.timeZone);
  const decision = decide(
    answer.approve
      ? { kind: 'approve', incidentId: incident.id, requestId, approverEmail: me.email, own: true }
      : { kind: 'decline', incidentId: incident.id, requestId, reason: answer.reason },
    {
      incident,
      history,
      // The page numbers only in the approver's own series, after the highest the server holds.
      nextCreditNote: (writer) =>
        formatCreditNoteNumber(policy.creditNotes.prefix, year, answer.approve ? answer.lastSequence + 1 : 1, policy.staff.find((s) => s.email === writer)?.code),
    },
    policy,
    me,
    now,
  );
  if ('refusal' in decision) return decision;
  for (const record of decision.records) {
    const refusal = serverRefusal(record as unknown as Record<string, unknown>, null, { name: me.email, roles: [] }, rules, now, recordRefusal, ledgerWriteRefusal);
    if (refusal) return { refusal: t('phoneRefused', refusal) };
  }
  return { records: decision.records };
}

/**
 * The approver marks themselves away until `until` (null: back now) from the phone: the record the
 * extension's own `decide` makes, or the reason it cannot be written (decide's, else the rulebook's,
 * the one the server would give), checked before it is sent.
 */
export function awayToWrite(me: Me, policy: Policy, rules: LedgerRules, until: number | null, now: number): { record: ApproverAway } | { refusal: string } {
  const decision = decide({ kind: 'away', until }, null, policy, me, now);
  if ('refusal' in decision) return decision;
  const [record] = decision.records;
  const refusal = serverRefusal(record as unknown as Record<string, unknown>, null, { name: me.email, roles: [] }, rules, now, recordRefusal, ledgerWriteRefusal);
  return refusal ? { refusal: t('phoneRefused', refusal) } : { record };
}
