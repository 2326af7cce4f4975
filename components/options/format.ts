import { formatMoney } from '@/utils/money';
import type { Policy, PolicySource, Role } from '@/utils/policy/types';

export function formatWhen(ms: number | null): string {
  if (ms === null) return 'never';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const SOURCE_LABELS: Record<PolicySource, string> = {
  url: 'Policy URL',
  'managed-url': 'Policy URL set by your organisation',
  file: 'Imported file',
};

/** "$25.00 per incident, $100.00 per client per year", or "no cap". */
export function describeLimits(role: Role, policy: Policy): string {
  const { currency, locale } = policy.firm;
  const cap = (minor: number | null, what: string) =>
    minor === null ? `no cap ${what}` : `${formatMoney(minor, currency, locale)} ${what}`;
  return `${cap(role.perIncident, 'per incident')}, ${cap(role.perClientPerYear, 'per client per year')}`;
}

