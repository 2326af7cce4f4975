import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { Policy } from '@/utils/policy/types';
import { t } from '@/utils/i18n';

/**
 * Whose incidents a summary, list or export covers. With the firm ledger this browser's ledger holds
 * the fold of every record in the firm's database once it has caught up with it; before the first
 * sync (never signed in) it still holds only what was recorded or imported here.
 */
export function Coverage({ policy }: { policy: Policy | null }) {
  const ledger = policy?.ledger !== undefined;
  const [caughtUp, setCaughtUp] = useState<boolean | null>(null);
  useEffect(() => {
    if (!ledger) return;
    sendMessage('getLedgerStatus').then(
      (status) => setCaughtUp(status.lastSyncedAt !== null),
      () => setCaughtUp(false),
    );
  }, [ledger, policy?.ledger?.url]);
  if (ledger && caughtUp === null) return null;
  const text = !ledger ? t('coversBrowser') : caughtUp ? t('coversFirm') : t('coversBrowserUntilSignIn');
  return (
    <p class="muted small" data-testid="coverage">
      {text}
    </p>
  );
}
