import type { PolicyState } from '@/utils/policy/types';
import { formatClock } from '@/utils/firm-time';
import { describeAgo } from './time';
import { t } from '@/utils/i18n';

interface Props {
  state: PolicyState | null;
  now: number;
  onOpenOptions(): void;
}

/**
 * What is wrong with the policy in force, if anything, in one line for the person on the call: the
 * limits shown depend on it. The technical detail (which field, which HTTP status) is for whoever
 * fixes the policy, and is on the options page.
 */
function policyProblem(state: PolicyState, now: number): string | null {
  const { policy, lastError, lastSuccessAt } = state;
  if (!policy) {
    return t(lastError ? 'bannerNoPolicyRefused' : 'bannerNoPolicy');
  }
  if (lastError && (lastSuccessAt === null || lastError.at > lastSuccessAt)) {
    // The same clock as the options page's "Last successful sync".
    return lastSuccessAt === null ? t('bannerRefused') : t('bannerRefusedKept', formatClock(lastSuccessAt, policy.firm));
  }
  // A policy imported from a file is not synced, so it cannot go stale.
  const synced = state.source === 'url' || state.source === 'managed-url';
  const staleAfter = 3 * policy.sync.refreshMinutes * 60_000;
  if (synced && lastSuccessAt !== null && now - lastSuccessAt > staleAfter) {
    return t('bannerStale', describeAgo(lastSuccessAt, now));
  }
  return null;
}

export function PolicyBanner({ state, now, onOpenOptions }: Props) {
  const problem = state && policyProblem(state, now);
  if (!problem) return null;
  return (
    <div class={`banner ${state.policy ? 'warn' : 'error'}`} role="status">
      <p>{problem}</p>
      <button type="button" class="link" onClick={onOpenOptions}>
        {t('openOptions')}
      </button>
    </div>
  );
}
