import { grantedTotals } from '@/utils/authority';
import type { Incident, IncidentGrants } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import type { FirmGrant, ReplicaFreshness } from '@/utils/firm-ledger/firm-authority';
import { FirmGrants } from './FirmGrants';
import { t } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';
import { isVerified } from '@/utils/ledger/identity';

interface Props {
  policy: Policy | null;
  me: Me | null;
  /** The client's incidents (or what was granted in them), for what is left this year; null when no client is chosen. */
  clientKey: string | null;
  clientIncidents: readonly IncidentGrants[];
  /** The incident being worked on, for what is left on it. */
  incident: Incident | null;
  now: number;
  onOpenOptions(): void;
  /** With a firm ledger: every grant to the client by anyone in the firm, and how current that is. */
  firm?: { grants: FirmGrant[]; freshness: ReplicaFreshness } | null;
}

/** Who you are and what you may give this client, at a glance. */
export function AuthorityCard({ policy, me, clientKey, clientIncidents, incident, now, onOpenOptions, firm }: Props) {
  const role = policy && me?.role ? policy.roles.find((r) => r.id === me.role) : undefined;

  let body;
  if (!policy) {
    body = <p class="muted">{t('authorityNoPolicy')}</p>;
  } else if (!me) {
    body = (
      <p>
        {t('authoritySayWho')}{' '}
        <button type="button" class="link" onClick={onOpenOptions}>
          {t('openOptions')}
        </button>
      </p>
    );
  } else if (!role) {
    body = (
      <>
        <p class="who">{me.email}</p>
        <IdentityNote me={me} />
        <p class="message warn">{t('authorityNotStaff')}</p>
      </>
    );
  } else {
    const money = (minor: number | null) =>
      minor === null ? t('noCap') : formatAmount(minor, policy.firm.currency);
    const totals = clientKey ? grantedTotals(clientIncidents, clientKey, now) : null;
    const leftOf = (limit: number | null, used: number) =>
      limit === null ? null : Math.max(0, limit - used);
    body = (
      <>
        <p class="who">
          <strong>{me.name}</strong> <span class="role">{role.label}</span>
        </p>
        <IdentityNote me={me} />
        <dl class="limits">
          <div>
            <dt>{t('perIncident')}</dt>
            <dd>{money(role.perIncident)}</dd>
          </div>
          <div>
            <dt>{t('perClientPerYear')}</dt>
            <dd>{money(role.perClientPerYear)}</dd>
          </div>
          {totals && (
            <div class="left">
              <dt>{t('leftClientYear')}</dt>
              <dd>{money(leftOf(role.perClientPerYear, totals.clientLast365))}</dd>
            </div>
          )}
          {totals && incident && (
            <div class="left">
              <dt>{t('leftIncident')}</dt>
              <dd>{money(leftOf(role.perIncident, totals.byIncident[incident.id] ?? 0))}</dd>
            </div>
          )}
        </dl>
        {firm && (
          <FirmGrants
            policy={policy}
            grants={firm.grants}
            freshness={firm.freshness}
            showOverCap={policy.roles.some((r) => r.approverRole === role.id)}
            now={now}
          />
        )}
        <p class="playbook-link">
          <a href={`playbook.html?role=${encodeURIComponent(role.id)}`} target="_blank" rel="noopener">
            {t('yourPlaybook')}
          </a>
        </p>
      </>
    );
  }

  return (
    <section class="card authority" aria-labelledby="authority-title">
      <h2 id="authority-title">{t('authorityTitle')}</h2>
      {body}
    </section>
  );
}

/** Neither signed in to the firm ledger nor set by IT, who you are is your word: said here, as the records and the CSV say it. */
function IdentityNote({ me }: { me: Me }) {
  if (isVerified(me.identity)) return null;
  return (
    <p class="identity small">
      <span class="tag warn">{t('unverified')}</span> {t('identityNote')}
    </p>
  );
}
