import type { Policy, PolicySource, Role } from '@/utils/policy/types';
import { t, type MessageKey } from '@/utils/i18n';
import { money } from '@/utils/i18n/format';

export const SOURCE_LABELS: Record<PolicySource, MessageKey> = {
  url: 'sourceUrl',
  'managed-url': 'sourceManagedUrl',
  file: 'sourceFile',
};

/** "$25.00 per incident, $100.00 per client per year", or "no cap". */
export function describeLimits(role: Role, policy: Policy): string {
  const { currency } = policy.firm;
  return t(
    'limitsPair',
    role.perIncident === null ? t('noCapPerIncident') : t('perIncidentAmount', money(role.perIncident, currency)),
    role.perClientPerYear === null
      ? t('noCapPerClientYear')
      : t('perClientYearAmount', money(role.perClientPerYear, currency)),
  );
}

