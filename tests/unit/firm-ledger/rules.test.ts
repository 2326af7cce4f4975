import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ledgerDesignDoc, ledgerSecurity } from '@/utils/firm-ledger/design-doc';
import { LEDGER_RECORD_TYPES } from '@/utils/firm-ledger/records';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal, type IncomingDoc, type WriterContext } from '@/utils/firm-ledger/rules';
import type { Policy } from '@/utils/policy/types';
import { examplePolicy } from '../example-policy';
import { ledgerRecord, requestIdOf, ANA, BEN, CARLA, DEV, INCIDENT } from './records';

// The server's rules as a pure function: every rule, each way (refused, and the nearest write that is
// accepted). The same function runs inside CouchDB; the HTTP tests check it arrives there intact.

const rules = ledgerRules(examplePolicy());
const as = (name: string | null, roles: string[] = []): WriterContext => ({ name, roles });
/** What the server answers: the record's own proof, then the server's judgement, at this moment. */
const check = (doc: IncomingDoc, user: WriterContext, old: IncomingDoc | null = null, r = rules, now = Date.now()) =>
  serverRefusal(doc, old, user, r, now, recordRefusal, ledgerWriteRefusal);

describe('the rules copied from the policy', () => {
  it('hold staff, per-incident limits, approval chains, remedy maximums and the policy version', () => {
    expect(rules.policyVersion).toBe('2026-11-01');
    expect(rules.staff[ANA]).toBe('front-desk');
    expect(rules.roles['front-desk']).toEqual({ perIncident: 2500, approvers: ['manager', 'partner'] });
    expect(rules.roles['manager']).toEqual({ perIncident: 50000, approvers: ['partner'] });
    expect(rules.roles['partner']).toEqual({ perIncident: 200000, approvers: [] });
    expect(rules.remedies['flowers']).toEqual({ kind: 'gift', maxAmount: 8000 });
    expect(rules.remedies['courier-credit']).toEqual({ kind: 'credit', maxAmount: null });
    expect(rules.recordTypes).toEqual([...LEDGER_RECORD_TYPES]);
  });
});

describe('who writes', () => {
  it('a record in the signed-in person\'s own name is accepted; in someone else\'s, refused', () => {
    expect(check(ledgerRecord('incident-opened', ANA), as(ANA))).toBeNull();
    expect(check(ledgerRecord('incident-opened', CARLA), as(ANA))).toBe(
      `The record is in the name of ${CARLA}, but ${ANA} is signed in`,
    );
  });

  it('no one signed in is refused', () => {
    expect(check(ledgerRecord('incident-opened', ANA), as(null))).toBe('Sign in to write to the firm ledger');
  });

  it('someone not on the staff list is refused, even with a matching author', () => {
    const stranger = 'eve@elsewhere.example';
    expect(check(ledgerRecord('incident-opened', stranger), as(stranger))).toBe(
      `${stranger} is not on the firm's staff list (policy 2026-11-01)`,
    );
    // Object's own keys are not staff either.
    expect(check(ledgerRecord('incident-opened', 'constructor'), as('constructor'))).toMatch(/not on the firm's staff/);
  });

  it('a staff member whose role is not in the rules is refused', () => {
    const broken = { ...rules, staff: { ...rules.staff, [ANA]: 'intern' } };
    expect(check(ledgerRecord('incident-opened', ANA), as(ANA), null, broken)).toBe(`Unknown role "intern" for ${ANA}`);
  });

  it('only the database admin writes the design document', () => {
    const ddoc = { _id: '_design/make-it-right', validate_doc_update: 'function () {}' };
    expect(check(ddoc, as('admin', ['_admin']))).toBeNull();
    expect(check(ddoc, as(ANA))).toMatch(/Only the database admin/);
    expect(check(ddoc, as(ANA, ['manager']))).toMatch(/Only the database admin/);
  });
});

describe('append only', () => {
  it('an edit of an existing record is refused, by its author too', () => {
    const old: IncomingDoc = { ...ledgerRecord('incident-opened', ANA), _rev: '1-a' };
    expect(check({ ...old, summary: 'rewritten' }, as(ANA), old)).toBe(
      'Ledger records are never edited: record a new event instead',
    );
  });

  it('a deletion is refused, whether or not the record exists', () => {
    const old: IncomingDoc = { ...ledgerRecord('remedy-granted', CARLA), _rev: '1-a' };
    expect(check({ _id: old._id, _rev: '1-a', _deleted: true }, as(CARLA), old)).toBe('Ledger records are never deleted');
    expect(check({ _id: 'x', _deleted: true }, as(CARLA))).toBe('Ledger records are never deleted');
  });
});

describe('what a record is', () => {
  it.each(LEDGER_RECORD_TYPES)('a well-formed "%s" record is accepted', (type) => {
    const author = type === 'approval-approved' || type === 'approval-declined' || type === 'approver-away' ? CARLA : ANA;
    expect(check(ledgerRecord(type, author), as(author))).toBeNull();
  });

  it('an unknown record type or version is refused', () => {
    expect(check({ ...ledgerRecord('incident-opened', ANA), type: 'grant-everything' }, as(ANA))).toBe(
      'Unknown record type "grant-everything"',
    );
    // Records of the first format are read, never written again.
    expect(check({ ...ledgerRecord('incident-opened', ANA), v: 1 }, as(ANA))).toBe(
      "Records of version 1 are not what these rules take (version 2): the extension and the server's rules must match (update the extension, or re-run npm run ledger:setup)",
    );
    expect(check({ ...ledgerRecord('incident-opened', ANA), v: 3 }, as(ANA))).toMatch(/^Records of version 3 are not what these rules take/);
  });

  it.each([
    ['incidentId', '', 'The record names no incident'],
    ['clientKey', undefined, 'The record names no client'],
    ['at', 'yesterday', 'The record has no time'],
  ])('a record without %s is refused', (field, value, message) => {
    expect(check({ ...ledgerRecord('step-ticked', ANA), [field]: value }, as(ANA))).toBe(message);
  });
});

describe('reopening', () => {
  const reopen = (author: string, reopens: unknown) => ledgerRecord('incident-reopened', author, { reopens });
  const resolved = (n: number) => `${INCIDENT}/resolved/${CARLA}:${n}`;

  it('by the signed-in person, naming resolves of its own incident, is accepted; in someone else\'s name, refused', () => {
    // Anyone on the staff may reopen, as in a browser without the ledger: the resolve stays on record, undone.
    expect(check(reopen(BEN, [resolved(1), resolved(2)]), as(BEN))).toBeNull();
    expect(check(reopen(CARLA, [resolved(1)]), as(ANA))).toBe(`The record is in the name of ${CARLA}, but ${ANA} is signed in`);
  });

  it('naming no resolve, or another incident\'s, or something that is not a resolve, is refused', () => {
    expect(check(reopen(ANA, []), as(ANA))).toBe('A reopening names the resolve it undoes');
    expect(check(reopen(ANA, undefined), as(ANA))).toBe('A reopening names the resolve it undoes');
    expect(check(reopen(ANA, resolved(1)), as(ANA))).toBe('A reopening names the resolve it undoes');
    const elsewhere = `${CARLA}:inc-2/resolved/${CARLA}:1`;
    expect(check(reopen(ANA, [resolved(1), elsewhere]), as(ANA))).toBe(`A reopening undoes resolves of its own incident only, not ${elsewhere}`);
    const grant = `${INCIDENT}/granted/${ANA}:g-1`;
    expect(check(reopen(ANA, [grant]), as(ANA))).toBe(`A reopening undoes resolves of its own incident only, not ${grant}`);
    expect(check(reopen(ANA, [7]), as(ANA))).toBe('A reopening undoes resolves of its own incident only, not 7');
  });

  it('is never an edit of the resolve: that stays as it was', () => {
    const resolve = ledgerRecord('incident-resolved', ANA);
    expect(check({ ...resolve, type: 'incident-reopened', reopens: [resolve._id] }, as(ANA), resolve)).toBe(
      'Ledger records are never edited: record a new event instead',
    );
  });
});

describe('grants', () => {
  const grant = (author: string, remedyId: string, amount: unknown, extra: IncomingDoc = {}) =>
    ledgerRecord('remedy-granted', author, { remedyId, amount, ...extra });

  it('within the author\'s per-incident limit is accepted; a cent above, refused', () => {
    expect(check(grant(ANA, 'courier-credit', 2500), as(ANA))).toBeNull();
    expect(check(grant(ANA, 'courier-credit', 2501), as(ANA))).toBe(
      `25.01 USD is above the 25.00 per-incident limit of ${ANA} (front-desk): ask for approval`,
    );
    expect(check(grant(CARLA, 'consult-refund', 50000), as(CARLA))).toBeNull();
  });

  it('an apology counts nothing against the limit', () => {
    expect(check(grant(ANA, 'apology', 0, { kind: 'apology' }), as(ANA))).toBeNull();
    expect(check(grant(ANA, 'apology', 100000, { kind: 'apology' }), as(ANA))).toBeNull();
  });

  it('a role with no per-incident cap may give up to the remedy\'s maximum, not beyond', () => {
    const policy: Policy = examplePolicy();
    policy.roles = policy.roles.map((r) => (r.id === 'partner' ? { ...r, perIncident: null } : r));
    const open = ledgerRules(policy);
    expect(check(grant(DEV, 'consult-refund', 10_000_000), as(DEV), null, open)).toBeNull();
    expect(check(grant(DEV, 'flowers', 8000, { kind: 'gift' }), as(DEV), null, open)).toBeNull();
    expect(check(grant(DEV, 'flowers', 8001, { kind: 'gift' }), as(DEV), null, open)).toBe(
      '80.01 USD is above the 80.00 maximum for "flowers": no one can give more',
    );
  });

  it('an unknown remedy is refused', () => {
    expect(check(grant(ANA, 'yacht', 100), as(ANA))).toBe('Unknown remedy "yacht"');
    expect(check(grant(ANA, 'hasOwnProperty', 100), as(ANA))).toBe('Unknown remedy "hasOwnProperty"');
  });

  it('a remedy passed off as another kind, or in another currency, is refused', () => {
    expect(check(grant(ANA, 'courier-credit', 2000, { kind: 'apology' }), as(ANA))).toBe(
      'The remedy "courier-credit" is a credit',
    );
    expect(check(grant(ANA, 'courier-credit', 2000, { currency: 'JPY' }), as(ANA))).toBe('Amounts are in USD');
  });

  it.each([[-1], [0.5], ['2000'], [null], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])(
    'an amount of %s is refused',
    (amount) => {
      expect(check(grant(ANA, 'courier-credit', amount), as(ANA))).toBe(
        'The amount must be a whole number of minor units, zero or more',
      );
    },
  );
});

describe('approval requests', () => {
  const request = (author: string, amount: number, extra: IncomingDoc = {}) =>
    ledgerRecord('approval-requested', author, { remedyId: 'consult-refund', kind: 'refund', amount, ...extra });

  it('above the requester\'s own authority is accepted (that is what asking is for)', () => {
    expect(check(request(ANA, 50000), as(ANA))).toBeNull();
  });

  it('above the remedy\'s maximum is refused: no one could approve it', () => {
    expect(check(request(ANA, 8001, { remedyId: 'flowers', kind: 'gift' }), as(ANA))).toMatch(/maximum for "flowers"/);
    expect(check(request(ANA, 8000, { remedyId: 'flowers', kind: 'gift' }), as(ANA))).toBeNull();
  });

  it('from a role nobody approves is refused', () => {
    expect(check(request(DEV, 100), as(DEV))).toBe(`No role approves requests from ${DEV} (partner)`);
  });

  it('whose id does not name who asks, the remedy and the amount, or without an id, is refused', () => {
    const named = `${ANA}:consult-refund:50000:`;
    expect(check(request(ANA, 60000, { requestId: requestIdOf(ANA, 'consult-refund', 50000) }), as(ANA))).toBe(
      `The request's id is ${ANA}:consult-refund:60000:…: it names who asks, the remedy and the amount`,
    );
    expect(check(request(ANA, 50000, { requestId: requestIdOf(CARLA, 'consult-refund', 50000) }), as(ANA))).toMatch(/The request's id is/);
    expect(check(request(ANA, 50000, { requestId: '' }), as(ANA))).toBe(`The request's id is ${named}…: it names who asks, the remedy and the amount`);
  });
});

describe('records that prove themselves', () => {
  it('an id that is not its author\'s — a colleague\'s incident, grant, tick or resolve — is refused', () => {
    const carlas = `${CARLA}:inc-7`;
    expect(check(ledgerRecord('incident-opened', ANA, { incidentId: carlas }), as(ANA))).toBe(
      `The incident's id must be ${ANA}:…: ids belong to their author`,
    );
    expect(check(ledgerRecord('remedy-granted', ANA, { grantId: `${CARLA}:g-1` }), as(ANA))).toMatch(/ids belong to their author/);
    expect(check(ledgerRecord('step-ticked', ANA, { _id: `${INCIDENT}/step/apologise/${CARLA}:1` }), as(ANA))).toMatch(/ids belong to their author/);
    expect(check(ledgerRecord('incident-resolved', ANA, { _id: `${INCIDENT}/resolved/${CARLA}:1` }), as(ANA))).toMatch(/ids belong to their author/);
    // A record id that is not made of the record's fields.
    expect(check(ledgerRecord('remedy-granted', ANA, { _id: `${INCIDENT}/granted/${ANA}:other` }), as(ANA))).toMatch(/The record's id is/);
  });

  it('an answer names the very request it answers: remedy, amount and requester', () => {
    const asked = requestIdOf(ANA, 'consult-refund', 150000);
    // The amount it states must be the one the request's id names.
    expect(check(ledgerRecord('approval-approved', CARLA, { requestId: asked, amount: 10000 }), as(CARLA))).toMatch(/The request's id is/);
    // Naming a colleague as the requester of one's own request.
    const mine = requestIdOf(CARLA, 'consult-refund', 40000);
    expect(check(ledgerRecord('approval-approved', CARLA, { requestId: mine, requestedBy: ANA, amount: 40000 }), as(CARLA))).toMatch(/The request's id is/);
    expect(check(ledgerRecord('approval-approved', CARLA, { requestId: mine, requestedBy: CARLA, amount: 40000 }), as(CARLA))).toBe(
      'No one answers their own request for approval',
    );
    // One answer per request: its id is the request's, whoever answers and however.
    const approve = ledgerRecord('approval-approved', CARLA, { requestId: asked, amount: 150000 });
    const decline = ledgerRecord('approval-declined', DEV, { requestId: asked, amount: 150000 });
    expect(approve._id).toBe(decline._id);
  });

  it('the author\'s role is the policy\'s, whatever the record says', () => {
    expect(check(ledgerRecord('remedy-granted', ANA, { role: 'partner' }), as(ANA))).toBe(
      `The record says ${ANA} is partner, but the policy says front-desk`,
    );
    expect(check(ledgerRecord('remedy-granted', ANA, { role: 'front-desk' }), as(ANA))).toBeNull();
  });

  it('a time beyond the server\'s clock, or older than the offline allowance, is refused', () => {
    const now = Date.now();
    expect(check(ledgerRecord('remedy-granted', ANA, { at: now + 10 * 60_000 }), as(ANA), null, rules, now)).toMatch(/dated in the future/);
    expect(check(ledgerRecord('remedy-granted', ANA, { at: now + 60_000 }), as(ANA), null, rules, now)).toBeNull();
    expect(check(ledgerRecord('remedy-granted', ANA, { at: now - 366 * 86_400_000 }), as(ANA), null, rules, now)).toMatch(
      /older than the 72 hours a browser may be offline/,
    );
    expect(check(ledgerRecord('remedy-granted', ANA, { at: now - 71 * 3_600_000 }), as(ANA), null, rules, now)).toBeNull();
  });

  it('a replicated revision other than a record\'s first is refused', () => {
    expect(check({ ...ledgerRecord('remedy-granted', ANA), _rev: '9-fff' }, as(ANA))).toBe('Ledger records have one revision: 9-fff is not a first');
    expect(check({ ...ledgerRecord('remedy-granted', ANA), _rev: '1-abc' }, as(ANA))).toBeNull();
  });

  it('credit notes only in the author\'s own series, this year, with at most six digits', () => {
    const year = new Date().getUTCFullYear();
    const note = (n: string) => ledgerRecord('remedy-granted', ANA, { creditNoteNumber: n });
    const withCodes = { ...rules, codes: { ...rules.codes, [ANA]: 'AR' } };
    expect(check(note(`CN-${year}-AR-0001`), as(ANA), null, withCodes)).toBeNull();
    expect(check(note(`CN-${year}-AR-99999999999999999999`), as(ANA), null, withCodes)).toMatch(/is not in the series of/);
    expect(check(note(`CN-${year}-CM-0001`), as(ANA), null, withCodes)).toMatch(/is not in the series of/);
    expect(check(note(`CN-${year + 5}-AR-0001`), as(ANA), null, withCodes)).toMatch(/is not in the series of/);
    const noCode = { ...rules, codes: {} };
    expect(check(note(`CN-${year}-0001`), as(ANA), null, noCode)).toMatch(/has no credit-note code in the policy/);
  });

  it('attachments, and records or texts beyond their bounds, are refused', () => {
    expect(check({ ...ledgerRecord('remedy-granted', ANA), _attachments: { 'x.html': { data: 'PGgxPg==', content_type: 'text/html' } } }, as(ANA))).toBe(
      'Ledger records carry no attachments',
    );
    expect(check(ledgerRecord('incident-opened', ANA, { summary: 'x'.repeat(10_001) }), as(ANA))).toMatch(/summary is not a text of at most 10,000/);
    expect(check(ledgerRecord('incident-opened', ANA, { padding: 'x'.repeat(40_001) }), as(ANA))).toMatch(/larger than a ledger record can be/);
  });
});

describe('approvals', () => {
  const approval = (author: string, requestedBy: string, amount: number, extra: IncomingDoc = {}) =>
    ledgerRecord('approval-approved', author, { requestedBy, amount, ...extra });

  it('by an approver in the requester\'s chain whose own limit covers it is accepted', () => {
    expect(check(approval(CARLA, ANA, 50000), as(CARLA))).toBeNull();
    expect(check(approval(DEV, ANA, 60000), as(DEV))).toBeNull();
  });

  it('by someone outside the requester\'s chain is refused', () => {
    expect(check(approval(BEN, ANA, 2000), as(BEN))).toBe(
      `${BEN} (staff) does not approve requests from ${ANA} (front-desk)`,
    );
    expect(check(approval(CARLA, DEV, 2000), as(CARLA))).toBe(
      `${CARLA} (manager) does not approve requests from ${DEV} (partner)`,
    );
  });

  it('above the approver\'s own per-incident limit is refused', () => {
    expect(check(approval(CARLA, ANA, 50001), as(CARLA))).toBe(
      `500.01 USD is above the 500.00 per-incident limit of ${CARLA} (manager)`,
    );
  });

  it('of one\'s own request, or a request from outside the staff list, is refused', () => {
    expect(check(approval(CARLA, CARLA, 100), as(CARLA))).toBe('No one answers their own request for approval');
    expect(check(approval(CARLA, 'eve@elsewhere.example', 100), as(CARLA))).toBe(
      "The request is from eve@elsewhere.example, who is not on the firm's staff list",
    );
  });

  it('above the remedy\'s maximum is refused even for the top of the chain', () => {
    expect(check(approval(DEV, ANA, 8001, { remedyId: 'flowers', kind: 'gift' }), as(DEV))).toMatch(/no one can give more/);
  });

  it('a decline needs an approver in the chain and a reason', () => {
    const decline = (author: string, requestedBy: string, reason: unknown) =>
      ledgerRecord('approval-declined', author, { requestedBy, reason });
    expect(check(decline(CARLA, ANA, 'Already credited last week'), as(CARLA))).toBeNull();
    expect(check(decline(CARLA, ANA, ''), as(CARLA))).toBe('A decline needs a reason');
    expect(check(decline(ANA, CARLA, 'no'), as(ANA))).toBe(
      `${ANA} (front-desk) does not approve requests from ${CARLA} (manager)`,
    );
  });
});

describe('the design document', () => {
  const ddoc = ledgerDesignDoc(examplePolicy());
  // CouchDB compiles the source on its own: nothing from this module's scope goes with it.
  const validate = runInNewContext(`(${ddoc.validate_doc_update})`, {}) as (
    n: IncomingDoc,
    o: IncomingDoc | null,
    u: WriterContext,
    s: unknown,
  ) => void;
  const thrown = (fn: () => void): unknown => {
    try {
      fn();
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it('records the policy version and carries the rules', () => {
    expect(ddoc._id).toBe('_design/make-it-right');
    expect(ddoc.policyVersion).toBe('2026-11-01');
    expect(ddoc.rules).toEqual(rules);
  });

  it('is ES5 that runs with nothing but its arguments, refusing with {forbidden}', () => {
    expect(ddoc.validate_doc_update).not.toMatch(/=>|`|\?\.|\?\?|\blet\b|\bconst\b|\bclass\b|\.\.\.|__name/);
    expect(thrown(() => validate(ledgerRecord('incident-opened', ANA), null, as(ANA), {}))).toBeUndefined();
    expect(thrown(() => validate(ledgerRecord('incident-opened', CARLA), null, as(ANA), {}))).toEqual({
      forbidden: `The record is in the name of ${CARLA}, but ${ANA} is signed in`,
    });
  });

  it('changes when the policy\'s limits change', () => {
    const policy = examplePolicy();
    policy.policyVersion = '2026-12-01';
    policy.roles = policy.roles.map((r) => (r.id === 'front-desk' ? { ...r, perIncident: 5000 } : r));
    const next = ledgerDesignDoc(policy);
    expect(next.validate_doc_update).not.toBe(ddoc.validate_doc_update);
    expect(next.rules.roles['front-desk']?.perIncident).toBe(5000);
  });
});

describe('the database security', () => {
  it('has exactly the staff as members and keeps the admins the firm set', () => {
    const security = ledgerSecurity(examplePolicy(), {
      admins: { names: ['it@harborpine.example'], roles: ['ops'] },
      members: { names: ['left.the.firm@harborpine.example'], roles: ['everyone'] },
    });
    expect(security).toEqual({
      admins: { names: ['it@harborpine.example'], roles: ['ops'] },
      members: { names: [ANA, BEN, CARLA, DEV].sort(), roles: [] },
    });
    expect(ledgerSecurity(examplePolicy(), null).admins).toEqual({ names: [], roles: [] });
  });
});
