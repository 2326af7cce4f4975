import type { FirmGrant, ReplicaFreshness } from '@/utils/firm-ledger/firm-authority';
import type { Policy } from '@/utils/policy/types';
import { formatMoney } from '@/utils/money';
import { formatMoment } from './time';

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
  const day = new Intl.DateTimeFormat(firm.locale, { day: 'numeric', month: 'short', timeZone: firm.timeZone });
  return (
    <div class="firm-grants" data-testid="firm-grants">
      <h3>Given by the firm this year</h3>
      {freshness.stale && (
        <p class="message warn small" data-testid="firm-freshness">
          {freshness.asOf === null
            ? 'Firm totals not synced yet: only what this browser holds counts.'
            : `Firm totals as of ${formatMoment(freshness.asOf, firm, now)}.`}
        </p>
      )}
      {grants.length === 0 ? (
        <p class="muted small">Nothing given to this client in the last 365 days.</p>
      ) : (
        <ul class="small">
          {grants.map((g) => (
            <li key={g.grantId}>
              {g.value > 0 ? formatMoney(g.value, g.currency, firm.locale) : g.label} by {g.byName}, {day.format(g.at)}
              {g.value > 0 && <span class="muted"> · {g.label}</span>}
              {showOverCap && g.overFirmCap && (
                <span class="tag warn"> over the firm's cap</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
