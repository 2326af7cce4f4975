import { DEFAULT_ESCALATE_AFTER_MINUTES } from '../firm-ledger/approvals';
import { DEFAULT_OFFLINE_ALLOWANCE_HOURS } from '../firm-ledger/rules';
import { ledgerUrlProblem } from './schema';
import type { Policy, PolicyState } from './types';

// IT may name the firm's ledger in managed storage (`ledgerUrl`): it then replaces the policy's, and
// the options page shows it as set by the organisation. Laid over the stored state each time it is
// read, never stored, so removing it from managed storage brings back the policy's own.

/** The state with IT's ledger URL in force; a URL the extension may not use is reported, not used. */
export function withManagedLedger(state: PolicyState, managedUrl: string | undefined): PolicyState {
  if (!managedUrl) return { ...state, managedLedger: null };
  const problem = ledgerUrlProblem(managedUrl);
  if (problem || !state.policy) return { ...state, managedLedger: { url: managedUrl, problem } };
  const policy: Policy = {
    ...state.policy,
    ledger: {
      url: managedUrl.trim().replace(/\/+$/, ''),
      escalateAfterMinutes: state.policy.ledger?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES,
      offlineAllowanceHours: state.policy.ledger?.offlineAllowanceHours ?? DEFAULT_OFFLINE_ALLOWANCE_HOURS,
    },
  };
  return { ...state, policy, managedLedger: { url: policy.ledger!.url, problem: null } };
}
