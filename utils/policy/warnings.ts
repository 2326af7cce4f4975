import { formatMoney } from '../money';
import { andList, t, tp } from '../i18n';
import { formatPath } from './parse';
import type { Policy, PolicyIssue } from './types';

// Valid but odd: a policy the extension accepts whose limits or numbering are probably not what the
// firm meant. Nothing here refuses a policy; `policy:check` prints these (and still exits 0), and the
// policy editor can show them beside the fields they name.

/** At most this many names are listed in one warning; the rest are counted. */
const NAMES_SHOWN = 3;

export function policyWarnings(policy: Policy): PolicyIssue[] {
  const { currency, locale } = policy.firm;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const warnings: PolicyIssue[] = [];
  const warn = (path: (string | number)[], message: string) => warnings.push({ path: formatPath(path), message });
  const byId = new Map(policy.roles.map((role) => [role.id, role]));

  policy.roles.forEach((role, i) => {
    // A role that may give more per incident than the role that approves above it.
    const approver = role.approverRole !== undefined ? byId.get(role.approverRole) : undefined;
    if (approver && approver.perIncident !== null) {
      if (role.perIncident === null) {
        warn(['roles', i, 'perIncident'], t('warnNoCapAboveApprover', approver.label, money(approver.perIncident)));
      } else if (role.perIncident > approver.perIncident) {
        warn(
          ['roles', i, 'perIncident'],
          t('warnAboveApprover', money(role.perIncident), approver.label, money(approver.perIncident)),
        );
      }
    }
    // A per-incident limit the yearly limit never lets anyone reach.
    if (role.perIncident !== null && role.perClientPerYear !== null && role.perIncident > role.perClientPerYear) {
      warn(['roles', i, 'perIncident'], t('warnAboveYearly', money(role.perIncident), money(role.perClientPerYear)));
    }
  });

  // With a shared ledger, people without a code share one credit-note series across browsers.
  if (policy.ledger) {
    const uncoded = policy.staff.filter((member) => member.code === undefined);
    if (uncoded.length > 0) {
      const names = uncoded.slice(0, NAMES_SHOWN).map((member) => member.name);
      const more = uncoded.length - names.length;
      const listed = more > 0 ? tp('warnAndMore', more, names.join(', ')) : andList(names);
      warn(['staff'], tp('warnNoCodes', uncoded.length, listed));
    }
  }
  return warnings;
}
