import { approvalChain } from '../authority';
import { currencyDigits } from '../money';
import type { Policy, RemedyKind } from '../policy/types';
import { LEDGER_RECORD_TYPES, LEDGER_RECORD_VERSION } from './records';

// What the firm's server enforces on every write, whatever the browser says. The rules are data
// copied from the policy by `npm run ledger:setup` (never from CouchDB user roles); the check is one
// pure function that runs here in the tests and, as its source text, inside CouchDB as the design
// document's validate_doc_update.

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
  /** Staff email → their credit-note series code, for those who have one. */
  codes: Record<string, string>;
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
  };
}

/** Who is writing, as CouchDB tells the validation function. */
export interface WriterContext {
  name: string | null;
  roles: string[];
}

/** A document as it arrives at the server: anything at all. */
export type IncomingDoc = Record<string, unknown>;

/**
 * Why the firm's server refuses this write, or null when it accepts it.
 *
 * This function's source text also runs inside CouchDB (SpiderMonkey 1.8.5 in older 3.x builds),
 * so it is written in ES5: `var`, no arrow functions, no template literals, no nested functions (a
 * bundler may wrap those in helpers CouchDB does not have), and it uses nothing but its parameters.
 * The per-client yearly cap needs other documents, which a validation function cannot read: it is
 * checked against the replica and flagged ("over the firm's cap"), not here.
 */
export function ledgerWriteRefusal(
  newDoc: IncomingDoc,
  oldDoc: IncomingDoc | null,
  user: WriterContext,
  rules: LedgerRules,
): string | null {
  var has = Object.prototype.hasOwnProperty;
  var id = String(newDoc._id);
  var admin = !!user.roles && user.roles.indexOf('_admin') !== -1;
  if (id.indexOf('_design/') === 0) {
    return admin ? null : 'Only the database admin changes the ledger rules (npm run ledger:setup)';
  }
  if (newDoc._deleted === true) return 'Ledger records are never deleted';
  if (oldDoc) return 'Ledger records are never edited: record a new event instead';
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
  if (newDoc.v !== rules.recordVersion) return 'Unsupported record version ' + String(newDoc.v);
  if (typeof newDoc.incidentId !== 'string' || newDoc.incidentId === '') return 'The record names no incident';
  if (typeof newDoc.clientKey !== 'string' || newDoc.clientKey === '') return 'The record names no client';
  if (typeof newDoc.at !== 'number' || !isFinite(newDoc.at)) return 'The record has no time';

  if (type === 'incident-reopened') {
    // It names the resolves it undoes, each a record of the same incident.
    var reopens = newDoc.reopens;
    if (!Array.isArray(reopens) || reopens.length === 0) return 'A reopening names the resolve it undoes';
    for (var i = 0; i < reopens.length; i++) {
      var undone = reopens[i];
      if (typeof undone !== 'string' || undone.indexOf(newDoc.incidentId + '/resolved') !== 0) {
        return 'A reopening undoes resolves of its own incident only, not ' + String(undone);
      }
    }
    return null;
  }

  var answer = type === 'approval-approved' || type === 'approval-declined';
  if (answer) {
    var requester = newDoc.requestedBy;
    if (typeof requester !== 'string' || !has.call(rules.staff, requester)) {
      return 'The request is from ' + String(requester) + ", who is not on the firm's staff list";
    }
    if (requester === user.name) return 'No one answers their own request for approval';
    var requesterRole = rules.staff[requester] as string;
    if (!has.call(rules.roles, requesterRole)) return 'Unknown role "' + requesterRole + '" for ' + requester;
    if ((rules.roles[requesterRole] as LedgerRules['roles'][string]).approvers.indexOf(role) === -1) {
      return user.name + ' (' + role + ') does not approve requests from ' + requester + ' (' + requesterRole + ')';
    }
    if (type === 'approval-declined') {
      return typeof newDoc.reason === 'string' && newDoc.reason !== '' ? null : 'A decline needs a reason';
    }
  }
  if (type !== 'remedy-granted' && type !== 'approval-requested' && type !== 'approval-approved') return null;

  var remedyId = newDoc.remedyId;
  if (typeof remedyId !== 'string' || !has.call(rules.remedies, remedyId)) {
    return 'Unknown remedy "' + String(remedyId) + '"';
  }
  var remedy = rules.remedies[remedyId] as LedgerRules['remedies'][string];
  if (newDoc.kind !== remedy.kind) return 'The remedy "' + remedyId + '" is a ' + remedy.kind;
  if (newDoc.currency !== rules.currency) return 'Amounts are in ' + rules.currency;
  var amount = newDoc.amount;
  if (typeof amount !== 'number' || !(amount >= 0) || Math.floor(amount) !== amount || amount > 9007199254740991) {
    return 'The amount must be a whole number of minor units, zero or more';
  }
  var unit = Math.pow(10, rules.currencyDigits);
  if (remedy.maxAmount !== null && amount > remedy.maxAmount) {
    return (
      (amount / unit).toFixed(rules.currencyDigits) + ' ' + rules.currency + ' is above the ' +
      (remedy.maxAmount / unit).toFixed(rules.currencyDigits) + ' maximum for "' + remedyId + '": no one can give more'
    );
  }
  if (type === 'approval-requested') {
    var toRole = newDoc.toRole;
    if (typeof toRole !== 'string' || !has.call(rules.roles, toRole)) return 'Unknown role "' + String(toRole) + '"';
    if (typeof newDoc.requestId !== 'string' || newDoc.requestId === '') return 'The request has no id';
    if ((rules.roles[role] as LedgerRules['roles'][string]).approvers.indexOf(toRole) === -1) {
      return 'The ' + toRole + ' role does not approve requests from ' + user.name + ' (' + role + ')';
    }
    var toLimit = (rules.roles[toRole] as LedgerRules['roles'][string]).perIncident;
    if (toLimit !== null && (remedy.kind === 'apology' ? 0 : amount) > toLimit) {
      return 'Above the ' + (toLimit / unit).toFixed(rules.currencyDigits) + ' per-incident limit of the ' + toRole + ' role: ask the next role up';
    }
    return null;
  }
  var limit = (rules.roles[role] as LedgerRules['roles'][string]).perIncident;
  var value = remedy.kind === 'apology' ? 0 : amount;
  if (limit !== null && value > limit) {
    return (
      (value / unit).toFixed(rules.currencyDigits) + ' ' + rules.currency + ' is above the ' +
      (limit / unit).toFixed(rules.currencyDigits) + ' per-incident limit of ' + user.name + ' (' + role + ')' +
      (type === 'remedy-granted' ? ': ask for approval' : '')
    );
  }
  // Each person numbers in their own series (prefix-year-code-sequence), so no two collide.
  var number = newDoc.creditNoteNumber;
  if (number === undefined) return null;
  var code = has.call(rules.codes, user.name) ? rules.codes[user.name] : '';
  var series = rules.creditNotePrefix + '-';
  var rest = typeof number === 'string' && number.indexOf(series) === 0 ? number.slice(series.length).split('-') : [];
  var inSeries = code
    ? rest.length === 3 && /^\d{4}$/.test(rest[0] as string) && rest[1] === code && /^\d+$/.test(rest[2] as string)
    : rest.length === 2 && /^\d{4}$/.test(rest[0] as string) && /^\d+$/.test(rest[1] as string);
  if (!inSeries) {
    return (
      'Credit note ' + String(number) + ' is not in the series of ' + user.name + ' (' +
      series + 'YYYY-' + (code ? code + '-' : '') + 'NNNN)'
    );
  }
  return null;
}
