import type { Policy } from '../policy/types';
import { ledgerRules, ledgerWriteRefusal, recordRefusal, serverRefusal, type LedgerRules } from './rules';

// What `npm run ledger:setup` writes to the firm's database: who may read and write it (staff as
// members) and the design document whose validate_doc_update enforces the rules on every write.

export const DESIGN_DOC_ID = '_design/make-it-right';

export interface LedgerDesignDoc {
  _id: typeof DESIGN_DOC_ID;
  _rev?: string;
  language: 'javascript';
  /** The policy the rules were copied from: re-run the setup after a policy change. */
  policyVersion: string;
  rules: LedgerRules;
  validate_doc_update: string;
}

/** The validation function's source: the rules as a literal, then the rulebook's own functions. */
function validationSource(rules: LedgerRules): string {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    `  var rules = ${JSON.stringify(rules)};`,
    `  var refusal = (${serverRefusal.toString()})(newDoc, oldDoc, userCtx, rules, Date.now(),`,
    `    ${recordRefusal.toString()},`,
    `    ${ledgerWriteRefusal.toString()});`,
    '  if (refusal) throw({ forbidden: refusal });',
    '}',
  ].join('\n');
}

export function ledgerDesignDoc(policy: Policy): LedgerDesignDoc {
  const rules = ledgerRules(policy);
  return {
    _id: DESIGN_DOC_ID,
    language: 'javascript',
    policyVersion: policy.policyVersion,
    rules,
    validate_doc_update: validationSource(rules),
  };
}

export interface SecurityObject {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

/**
 * The database's `_security`: exactly the policy's staff as members (someone removed from the staff
 * list loses access at the next setup), the admins as the firm already set them.
 */
export function ledgerSecurity(policy: Policy, existing: Partial<SecurityObject> | null): SecurityObject {
  return {
    admins: { names: existing?.admins?.names ?? [], roles: existing?.admins?.roles ?? [] },
    members: { names: policy.staff.map((s) => s.email).sort(), roles: [] },
  };
}
