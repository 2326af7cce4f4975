import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { t } from '@/utils/i18n';
import { formatMoment } from './time';

// What became of the remedies of an incident: given (within authority, or approved by whom and
// when), declined (by whom and why), refused by the firm's server (never given, with its reason).
// Requests still waiting are PendingRemedy's.

interface Props {
  policy: Policy;
  incident: Incident;
  money: (minor: number) => string;
  now: number;
}

export function RemedyOutcomes({ policy, incident, money, now }: Props) {
  const granted = incident.remedies.filter((r) => r.status === 'granted');
  const declined = incident.remedies.filter((r) => r.status === 'declined');
  const refused = incident.remedies.filter((r) => r.status === 'refused');
  return (
    <>
      {granted.length > 0 && (
        <ul class="granted" aria-label={t('givenInIncident')}>
          {granted.map((g) => (
            <li key={g.id}>
              <GrantedLine policy={policy} remedy={g} money={money} now={now} />
            </li>
          ))}
        </ul>
      )}
      {declined.length > 0 && (
        <ul class="declined" aria-label={t('declinedInIncident')}>
          {declined.map((d) => (
            <li key={d.id}>
              <strong>{d.label}</strong> {d.kind !== 'apology' && money(d.amount)}{' '}
              <span class="tag warn">{t('declined')}</span>
              {d.declinedBy && (
                <span class="muted">
                  {' '}
                  {d.declineReason
                    ? t('declinedByWhy', policy.staff.find((s) => s.email === d.declinedBy)?.name ?? d.declinedBy, d.declineReason)
                    : t('declinedBy', policy.staff.find((s) => s.email === d.declinedBy)?.name ?? d.declinedBy)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {refused.length > 0 && (
        <ul class="declined" aria-label={t('refusedInIncident')}>
          {refused.map((r) => (
            <li key={r.id}>
              <strong>{r.label}</strong> {r.kind !== 'apology' && money(r.amount)} <span class="tag warn">{t('refusedByServer')}</span>
              {r.refusedReason && <span class="muted"> {r.refusedReason}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function GrantedLine({
  policy,
  remedy,
  money,
  now,
}: {
  policy: Policy;
  remedy: GrantedRemedy;
  money: (minor: number) => string;
  now: number;
}) {
  const approver = remedy.approvedBy
    ? (policy.staff.find((s) => s.email === remedy.approvedBy)?.name ?? remedy.approvedBy)
    : null;
  return (
    <>
      <strong>{remedy.label}</strong> {remedy.kind !== 'apology' && money(remedy.amount)}
      {remedy.creditNoteNumber && <span class="muted"> · {remedy.creditNoteNumber}</span>}
      <span class="muted">
        {' '}
        ·{' '}
        {approver
          ? // The time is the approver's own only when they approved through the firm ledger.
            remedy.approvedByIdentity === 'approver-signed-in' && remedy.grantedAt !== undefined
            ? t('approvedByAt', approver, formatMoment(remedy.grantedAt, policy.firm, now))
            : t('approvedBy', approver)
          : t('withinAuthority')}
      </span>
    </>
  );
}
