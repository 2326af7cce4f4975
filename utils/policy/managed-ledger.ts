import { DEFAULT_ESCALATE_AFTER_MINUTES } from '../firm-ledger/approvals';
import { DEFAULT_OFFLINE_ALLOWANCE_HOURS } from '../firm-ledger/rules';
import { ledgerUrlProblem } from './schema';
import type { Policy, PolicyState } from './types';

// Which firm ledger is in force. Its server receives each person's password at Sign in and their
// whole history at the first replication, and feeds records every browser folds, so its address must
// come from IT: `ledgerUrl` in managed storage, or a policy verified with the signing key IT set. A
// policy that is not signed (or a policy file someone was persuaded to import) cannot choose it; it
// may name only a ledger on this computer (`http://localhost`, `http://127.0.0.1`), as an admin does
// while trying the ledger out. Laid over the stored state each time it is read, never stored, so a
// change in managed storage or of the policy applies at once.

/** True when the policy in force was verified with the signing key IT requires now. */
function signedWithItsKey(state: PolicyState): boolean {
  return state.signingKey !== null && !state.signingKeyProblem && state.verifiedWith === state.signingKey;
}

/** A ledger on this computer over plain http: only ever an admin's test ledger. */
function isTestLedger(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/**
 * The state with the ledger in force as its policy's `ledger`: IT's URL when it set one the extension
 * may use (a URL it may not use is reported in `managedLedger`, not used); else the policy's own when
 * the policy is signed with IT's key or names a test ledger on this computer; else none, and
 * `unsignedLedger` names the one the policy asks for.
 */
export function withManagedLedger(state: PolicyState, managedUrl: string | undefined): PolicyState {
  const managedProblem = managedUrl ? ledgerUrlProblem(managedUrl) : null;
  const shown: PolicyState = {
    ...state,
    managedLedger: managedUrl ? { url: managedUrl, problem: managedProblem } : null,
    unsignedLedger: null,
  };
  if (!state.policy) return shown;
  if (managedUrl && !managedProblem) {
    const url = managedUrl.trim().replace(/\/+$/, '');
    const policy: Policy = {
      ...state.policy,
      ledger: {
        url,
        escalateAfterMinutes: state.policy.ledger?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES,
        offlineAllowanceHours: state.policy.ledger?.offlineAllowanceHours ?? DEFAULT_OFFLINE_ALLOWANCE_HOURS,
      },
    };
    return { ...shown, policy, managedLedger: { url, problem: null } };
  }
  const own = state.policy.ledger;
  if (!own || signedWithItsKey(state) || isTestLedger(own.url)) return shown;
  const withoutLedger: Policy = { ...state.policy };
  delete withoutLedger.ledger;
  return { ...shown, policy: withoutLedger, unsignedLedger: own };
}
