import type { FirmGrant, ReplicaFreshness } from '@/utils/firm-ledger/firm-authority';
import type { Policy } from '@/utils/policy/types';
import { formatMoment } from './time';
import { t, uiLanguage } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  policy: Policy;
  grants: readonly FirmGrant[];
  freshness: ReplicaFreshness;
  /** Approvers see a grant that broke a cap once everyone's grants arrived. */
  showOverCap: boolean;
  now: number;
}

/** Who in the firm gave this client what in the last 365 days, and how current that is. */
export function FirmGrants({ policy, grants, freshness, showOverCap, now }: Props) {
  const { firm } = policy;
  const day = new Intl.DateTimeFormat(uiLanguage(), { day: 'numeric', month: 'short', timeZone: firm.timeZone });
  return (
    <div class="firm-grants" data-testid="firm-grants">
      <h3>{t('firmGivenTitle')}</h3>
      {freshness.stale && (
        <p class="message warn small" data-testid="firm-freshness">
          {freshness.asOf === null
            ? t('firmNotSynced')
            : t('firmAsOf', formatMoment(freshness.asOf, firm, now))}
        </p>
      )}
      {grants.length === 0 ? (
        <p class="muted small">{t('firmNothingGiven')}</p>
      ) : (
        <ul class="small">
          {grants.map((g) => (
            <li key={g.grantId}>
              {t('firmGrantLine', g.value > 0 ? formatAmount(g.value, g.currency) : g.label, g.byName, day.format(g.at))}
              {g.value > 0 && <span class="muted"> · {g.label}</span>}
              {showOverCap && g.overFirmCap && (
                <span class="tag warn"> {t('overFirmCap')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
