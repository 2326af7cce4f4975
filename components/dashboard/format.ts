import { minorToDecimalString } from '@/utils/money';
import { money } from '@/utils/i18n/format';
import { describeMinutes as roughly } from '@/utils/i18n/minutes';
import { t, uiLanguage } from '@/utils/i18n';
import type { Policy } from '@/utils/policy/types';


// How the dashboard writes its figures: in the interface's language, money in the firm's currency,
// dates on the firm's calendar; and the labels of what the policy names (a role or category it no
// longer has keeps its stored id).

/** A wait: "37 min", "1 h 15 min" up to two days, then "3 d". */
export function describeMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole < 60 || whole >= 48 * 60) return roughly(minutes);
  const rest = whole % 60;
  return rest === 0 ? t('hoursShort', whole / 60) : t('dashHoursMinutes', Math.floor(whole / 60), rest);
}

export function count(n: number): string {
  return new Intl.NumberFormat(uiLanguage()).format(n);
}

export function percent(share: number | null): string {
  return share === null ? '—' : new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export interface Words {
  money(minor: number): string;
  /** Minor units as the decimal a CSV file holds. */
  decimal(minor: number): number;
  role(id: string): string;
  category(id: string): string;
  person(email: string): string;
  remedy(id: string): string;
  /** "November 2026" */
  month(key: string): string;
  /** "Dec 7, 2026" on the firm's calendar. */
  date(at: number): string;
}

export function words(policy: Policy): Words {
  const { currency, timeZone } = policy.firm;
  const monthFormat = new Intl.DateTimeFormat(uiLanguage(), { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const dateFormat = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeZone });
  return {
    money: (minor) => money(minor, currency),
    decimal: (minor) => Number(minorToDecimalString(minor, currency)),
    role: (id) => (id === '' ? t('noRole') : (policy.roles.find((r) => r.id === id)?.label ?? id)),
    category: (id) => policy.categories.find((c) => c.id === id)?.label ?? id,
    person: (email) => (email === '' ? t('dashUnknownPerson') : (policy.staff.find((s) => s.email === email)?.name ?? email)),
    remedy: (id) => policy.remedies.find((r) => r.id === id)?.label ?? id,
    month: (key) => monthFormat.format(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 15)),
    date: (at) => dateFormat.format(at),
  };
}
