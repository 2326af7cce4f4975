import { approvalChain } from '../authority';
import { currencyDigits } from '../money';
import type { Policy, RemedyKind } from '../policy/types';
import { LEDGER_RECORD_TYPES, LEDGER_RECORD_VERSION } from './records';

// The ledger's rulebook, as the firm's server and every browser apply it. Two pure functions:
// - `recordRefusal`: what a record must prove about itself, whoever reads it — its id belongs to its
//   author and says what it is about (so no record can stand in for a colleague's, and an answer
//   names the very request it answers), its time is not in the future, its amounts and texts are
//   bounded. The server runs it on every write; the fold runs it on every record it reads.
// - `ledgerWriteRefusal`: what only the server can judge at the moment of writing — who is signed
//   in, the staff list and limits of the policy in force, the offline allowance, first revisions only.
// Both run inside CouchDB as the design document's validate_doc_update (their source text, joined by
// `serverRefusal`'s twin in design-doc.ts), so they use nothing but their parameters, and are
// written in syntax SpiderMonkey 91 (CouchDB 3.3) and QuickJS (3.4) both take: `var`, no arrow or
// nested functions (a bundler may wrap those in helpers CouchDB does not have).

/** A record dated more than this after the reader's clock is refused (clocks disagree a little). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A record's JSON beyond this is refused: the longest honest one (a 10,000-character summary) is far below. */
export const MAX_RECORD_CHARS = 40_000;
/** Default of the policy's `ledger.offlineAllowanceHours`: how old a record may be when it reaches the server. */
export const DEFAULT_OFFLINE_ALLOWANCE_HOURS = 72;

/** The policy's authority as the server holds it, in the design document. */
export interface LedgerRules {
  policyVersion: string;
  currency: string;
  /** Decimals of the currency, for readable refusals (CouchDB's engine may lack Intl). */
  currencyDigits: number;
  recordVersion: number;
  recordTypes: string[];
  /** Staff email (the CouchDB user name) → role id. */
  staff: Record<string, string>;
  roles: Record<
    string,
    {
      /** Minor units; null = no cap. */
      perIncident: number | null;
      /** Roles that may approve this role's requests, nearest first (the policy's approval chain). */
      approvers: string[];
    }
  >;
  remedies: Record<string, { kind: RemedyKind; maxAmount: number | null }>;
  creditNotePrefix: string;
  /** Staff email → their credit-note series code (a policy with a ledger gives everyone one). */
  codes: Record<string, string>;
  /** How old a record may be when it reaches the server (a browser offline that long). */
  offlineAllowanceMs: number;
  clockSkewMs: number;
}

export function ledgerRules(policy: Policy): LedgerRules {
  const staff: LedgerRules['staff'] = {};
  const codes: LedgerRules['codes'] = {};
  for (const member of policy.staff) {
    staff[member.email] = member.role;
    if (member.code !== undefined) codes[member.email] = member.code;
  }
  const roles: LedgerRules['roles'] = {};
  for (const role of policy.roles) {
    roles[role.id] = {
      perIncident: role.perIncident,
      approvers: approvalChain(policy, role.id).map((r) => r.id),
    };
  }
  const remedies: LedgerRules['remedies'] = {};
  for (const remedy of policy.remedies) {
    remedies[remedy.id] = { kind: remedy.kind, maxAmount: remedy.maxAmount ?? null };
  }
  return {
    policyVersion: policy.policyVersion,
    currency: policy.firm.currency,
    currencyDigits: currencyDigits(policy.firm.currency),
    recordVersion: LEDGER_RECORD_VERSION,
    recordTypes: [...LEDGER_RECORD_TYPES],
    staff,
    roles,
    remedies,
    creditNotePrefix: policy.creditNotes.prefix,
    codes,
    offlineAllowanceMs: (policy.ledger?.offlineAllowanceHours ?? DEFAULT_OFFLINE_ALLOWANCE_HOURS) * 3_600_000,
    clockSkewMs: CLOCK_SKEW_MS,
  };
}

/** Who is writing, as CouchDB tells the validation function. */
export interface WriterContext {
  name: string | null;
  roles: string[];
}

/** A document as it arrives at the server or comes out of a replica: anything at all. */
export type IncomingDoc = Record<string, unknown>;

/**
 * Why this record cannot be what it claims, or null. Whoever reads it applies this: the server on
 * every write, the fold on every record. Records of the first format (`v: 1`, written before ids
 * belonged to their author) are read as they are but never written again.
 *
 * The ids a record introduces start with its author's email and a colon — the incident's id (in its
 * opening), a grant's, a request's, a tick's, a resolve's — and a record's `_id` is made of its
 * fields, so nobody can write, or branch, a record that stands where a colleague's does. A request's
 * id also names its remedy and amount, and an answer's `_id` is its request's plus "/answer": the
 * server holds one answer per request (the first it accepted), for exactly what was asked.
 */
export function recordRefusal(doc: IncomingDoc, now: number, clockSkewMs: number): string | null {
  var id = doc._id;
  if (typeof id !== 'string' || id === '') return 'The record has no id';
  if (doc._attachments !== undefined) return 'Ledger records carry no attachments';
  if (JSON.stringify(doc).length > 40000) return 'The record is larger than a ledger record can be (40,000 characters)';
  var type = doc.type;
  var author = doc.author;
  var incidentId = doc.incidentId;
  // Declines kept before the firm ledger named no one: records of the first format may say so.
  if (typeof author !== 'string' || (author === '' && doc.v !== 1) || author.length > 254) return 'The record names no author';
  // Away until a time: about no incident, its id its author's own (away/<author>:…), at most a year ahead.
  if (type === 'approver-away') {
    if (typeof doc.at !== 'number' || !isFinite(doc.at)) return 'The record has no time';
    if (doc.at > now + clockSkewMs) return 'The record is dated in the future (' + new Date(doc.at).toISOString() + ')';
    var until = doc.until;
    if (typeof until !== 'number' || !isFinite(until) || until > doc.at + 366 * 86400000) return 'An away record says until when, at most a year ahead';
    var awayStem = 'away/' + author + ':';
    if (id.indexOf(awayStem) !== 0 || !/^[A-Za-z0-9._-]{1,80}$/.test(id.slice(awayStem.length))) {
      return "The record's id must be " + awayStem + '…: ids belong to their author';
    }
    return null;
  }
  if (typeof incidentId !== 'string' || incidentId === '' || incidentId.length > 400) return 'The record names no incident';
  if (typeof doc.clientKey !== 'string' || doc.clientKey === '' || doc.clientKey.length > 400) return 'The record names no client';
  if (typeof doc.at !== 'number' || !isFinite(doc.at)) return 'The record has no time';
  if (doc.at > now + clockSkewMs) return 'The record is dated in the future (' + new Date(doc.at).toISOString() + ')';
  var texts = ['clientName', 'clientEmail', 'summary', 'label', 'note', 'reason', 'category', 'remedyId', 'stepId', 'role', 'toRole', 'policyVersion'];
  for (var t = 0; t < texts.length; t++) {
    var text = doc[texts[t] as string];
    if (text !== undefined && (typeof text !== 'string' || text.length > 10000)) return 'The record\'s ' + texts[t] + ' is not a text of at most 10,000 characters';
  }
  var money = type === 'remedy-granted' || type === 'approval-requested' || type === 'approval-approved' || type === 'approval-declined';
  if (money) {
    var amount = doc.amount;
    if (typeof amount !== 'number' || !(amount >= 0) || Math.floor(amount) !== amount || amount > 9007199254740991) {
      return 'The amount must be a whole number of minor units, zero or more';
    }
  }
  if (doc.v === 1) return null;
  var base = incidentId + '/';
  // What follows an email and a colon in an id: letters, digits, dot, dash or underscore.
  var token = /^[A-Za-z0-9._-]{1,80}$/;
  if (type === 'approval-requested' || type === 'approval-approved' || type === 'approval-declined') {
    var requester = type === 'approval-requested' ? author : doc.requestedBy;
    if (typeof requester !== 'string' || requester === '') return 'The record names no requester';
    if (typeof doc.remedyId !== 'string' || doc.remedyId === '') return 'The record names no remedy';
    // The request's id says who asks, for which remedy and how much. An answer to a request of the
    // first format (an id without a colon) is bound by the fold, which compares it with the request.
    var asked = requester + ':' + doc.remedyId + ':' + String(doc.amount) + ':';
    var requestId = doc.requestId;
    var earlier = type !== 'approval-requested' && typeof requestId === 'string' && requestId.indexOf(':') === -1 && token.test(requestId);
    if (!earlier && (typeof requestId !== 'string' || requestId.indexOf(asked) !== 0 || !token.test(requestId.slice(asked.length)))) {
      return "The request's id is " + asked + '…: it names who asks, the remedy and the amount';
    }
    if (type !== 'approval-requested' && requester === author) return 'No one answers their own request for approval';
    var kept = base + (type === 'approval-requested' ? 'requested/' : 'answer/') + requestId;
    return id === kept ? null : "The record's id is " + kept;
  }
  // Every other record introduces an id of its author's own: the part after `stem`.
  var stem = '';
  var owned: unknown = '';
  var expected = id;
  var what = "The record's id";
  if (type === 'incident-opened') {
    owned = incidentId;
    expected = base + 'opened';
    what = "The incident's id";
  } else if (type === 'step-ticked' || type === 'step-unticked') {
    if (typeof doc.stepId !== 'string' || doc.stepId === '') return 'A tick names its step';
    stem = base + 'step/' + doc.stepId + '/';
  } else if (type === 'remedy-granted') {
    owned = doc.grantId;
    expected = base + 'granted/' + String(doc.grantId);
    what = "The grant's id";
  } else if (type === 'incident-resolved') {
    stem = base + 'resolved/';
  } else if (type === 'incident-reopened') {
    stem = base + 'reopened/';
    var reopens = doc.reopens;
    if (!Array.isArray(reopens) || reopens.length === 0 || reopens.length > 100) return 'A reopening names the resolve it undoes';
    for (var i = 0; i < reopens.length; i++) {
      var undone = reopens[i];
      if (typeof undone !== 'string' || undone.indexOf(base + 'resolved/') !== 0) {
        return 'A reopening undoes resolves of its own incident only, not ' + String(undone);
      }
    }
  } else {
    return 'Unknown record type "' + String(type) + '"';
  }
  if (stem !== '') owned = id.indexOf(stem) === 0 ? id.slice(stem.length) : '';
  var own = author + ':';
  if (typeof owned !== 'string' || owned.indexOf(own) !== 0 || !token.test(owned.slice(own.length))) {
    return what + ' must be ' + stem + own + '…: ids belong to their author';
  }
  return id === expected ? null : "The record's id is " + expected;
}

/**
 * Why the firm's server refuses this write, or null when it accepts it (after `recordRefusal`).
 *
 * A validation function sees one document at a time, so the per-client yearly cap (and the sum of
 * several grants in one incident) cannot be enforced here: it is checked against the replica and
 * flagged ("over the firm's cap").
 */
export function ledgerWriteRefusal(
  newDoc: IncomingDoc,
  oldDoc: IncomingDoc | null,
  user: WriterContext,
  rules: LedgerRules,
  now: number,
): string | null {
  var has = Object.prototype.hasOwnProperty;
  var id = String(newDoc._id);
  var admin = !!user.roles && user.roles.indexOf('_admin') !== -1;
  if (id.indexOf('_design/') === 0) {
    return admin ? null : 'Only the database admin changes the ledger rules (npm run ledger:setup)';
  }
  if (newDoc._deleted === true) return 'Ledger records are never deleted';
  if (oldDoc) return 'Ledger records are never edited: record a new event instead';
  // A replicated write names its revision: only a record's first may be written, never a later one
  // that would win over the record others hold.
  var rev = newDoc._rev;
  if (rev !== undefined && (typeof rev !== 'string' || rev.indexOf('1-') !== 0)) {
    return 'Ledger records have one revision: ' + String(rev) + ' is not a first';
  }
  if (typeof user.name !== 'string' || user.name === '') return 'Sign in to write to the firm ledger';
  if (newDoc.author !== user.name) {
    return 'The record is in the name of ' + String(newDoc.author) + ', but ' + user.name + ' is signed in';
  }
  if (!has.call(rules.staff, user.name)) {
    return user.name + " is not on the firm's staff list (policy " + rules.policyVersion + ')';
  }
  var role = rules.staff[user.name] as string;
  if (!has.call(rules.roles, role)) return 'Unknown role "' + role + '" for ' + user.name;
  var type = newDoc.type;
  if (typeof type !== 'string' || rules.recordTypes.indexOf(type) === -1) {
    return 'Unknown record type "' + String(type) + '"';
  }
  if (newDoc.v !== rules.recordVersion) {
    return (
      'Records of version ' + String(newDoc.v) + ' are not what these rules take (version ' + rules.recordVersion +
      '): the extension and the server\'s rules must match (update the extension, or re-run npm run ledger:setup)'
    );
  }
  var at = newDoc.at as number;
  if (at < now - rules.offlineAllowanceMs) {
    return 'The record is dated ' + new Date(at).toISOString() + ', older than the ' + Math.round(rules.offlineAllowanceMs / 3600000) + ' hours a browser may be offline';
  }
  // The author's role is the policy's, whatever the record says.
  if (newDoc.role !== undefined && newDoc.role !== role) {
    return 'The record says ' + user.name + ' is ' + String(newDoc.role) + ', but the policy says ' + role;
  }
  if (type === 'incident-opened' || type === 'step-ticked' || type === 'step-unticked' || type === 'incident-resolved' || type === 'incident-reopened') {
    return null;
  }
  if (type === 'approver-away') {
    // Only someone who approves for another role is ever asked, so only they are ever away.
    for (var other in rules.roles) {
      if (other !== role && (rules.roles[other] as LedgerRules['roles'][string]).approvers.indexOf(role) !== -1) return null;
    }
    return 'Only approvers mark themselves away: ' + user.name + ' (' + role + ') approves for no one';
  }

  var remedyId = newDoc.remedyId as string;
  if (!has.call(rules.remedies, remedyId)) return 'Unknown remedy "' + remedyId + '"';
  var remedy = rules.remedies[remedyId] as LedgerRules['remedies'][string];
  if (type !== 'approval-declined') {
    if (newDoc.kind !== remedy.kind) return 'The remedy "' + remedyId + '" is a ' + remedy.kind;
    if (newDoc.currency !== rules.currency) return 'Amounts are in ' + rules.currency;
  }
  var amount = newDoc.amount as number;
  var unit = Math.pow(10, rules.currencyDigits);
  if (remedy.maxAmount !== null && amount > remedy.maxAmount) {
    return (
      (amount / unit).toFixed(rules.currencyDigits) + ' ' + rules.currency + ' is above the ' +
      (remedy.maxAmount / unit).toFixed(rules.currencyDigits) + ' maximum for "' + remedyId + '": no one can give more'
    );
  }
  var value = remedy.kind === 'apology' ? 0 : amount;

  if (type === 'approval-approved' || type === 'approval-declined') {
    var requester = newDoc.requestedBy as string;
    if (!has.call(rules.staff, requester)) return 'The request is from ' + requester + ", who is not on the firm's staff list";
    var requesterRole = rules.staff[requester] as string;
    if (!has.call(rules.roles, requesterRole)) return 'Unknown role "' + requesterRole + '" for ' + requester;
    if ((rules.roles[requesterRole] as LedgerRules['roles'][string]).approvers.indexOf(role) === -1) {
      return user.name + ' (' + role + ') does not approve requests from ' + requester + ' (' + requesterRole + ')';
    }
    if (type === 'approval-declined') {
      return typeof newDoc.reason === 'string' && newDoc.reason !== '' ? null : 'A decline needs a reason';
    }
  }
  if (type === 'approval-requested') {
    if (typeof newDoc.reason !== 'string') return 'A request says why';
    if ((rules.roles[role] as LedgerRules['roles'][string]).approvers.length === 0) {
      return 'No role approves requests from ' + user.name + ' (' + role + ')';
    }
    return null;
  }
  var limit = (rules.roles[role] as LedgerRules['roles'][string]).perIncident;
  if (limit !== null && value > limit) {
    return (
      (value / unit).toFixed(rules.currencyDigits) + ' ' + rules.currency + ' is above the ' +
      (limit / unit).toFixed(rules.currencyDigits) + ' per-incident limit of ' + user.name + ' (' + role + ')' +
      (type === 'remedy-granted' ? ': ask for approval' : '')
    );
  }
  // Each person numbers in their own series (prefix-year-code-sequence), so no two collide; the
  // year is the record's, and the sequence at most six digits, so no one raises a series for all.
  var number = newDoc.creditNoteNumber;
  if (number === undefined) return null;
  if (!has.call(rules.codes, user.name)) return user.name + ' has no credit-note code in the policy: IT gives every staff member one';
  var code = rules.codes[user.name] as string;
  var series = rules.creditNotePrefix + '-';
  var rest = typeof number === 'string' && number.indexOf(series) === 0 ? number.slice(series.length).split('-') : [];
  var year = new Date(at).getUTCFullYear();
  var inSeries =
    rest.length === 3 && /^\d{4}$/.test(rest[0] as string) && Math.abs(Number(rest[0]) - year) <= 1 &&
    rest[1] === code && /^\d{1,6}$/.test(rest[2] as string);
  if (!inSeries) {
    return 'Credit note ' + String(number) + ' is not in the series of ' + user.name + ' (' + series + year + '-' + code + '-NNNN)';
  }
  return null;
}

/**
 * What the server answers to a write: the record's own proof first, then the server's judgement.
 * The two checks come as parameters, so the design document joins their source texts the same way.
 */
export function serverRefusal(
  newDoc: IncomingDoc,
  oldDoc: IncomingDoc | null,
  user: WriterContext,
  rules: LedgerRules,
  now: number,
  proof: typeof recordRefusal,
  judgement: typeof ledgerWriteRefusal,
): string | null {
  var id = String(newDoc._id);
  var plainRecord = id.indexOf('_design/') !== 0 && newDoc._deleted !== true && !oldDoc;
  return (plainRecord && proof(newDoc, now, rules.clockSkewMs)) || judgement(newDoc, oldDoc, user, rules, now);
}
