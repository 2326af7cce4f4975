import type { Firm } from '@/utils/policy/types';
import { t, uiLanguage } from '@/utils/i18n';

// How the panel speaks about time: due times relative to now, moments in the firm's time zone,
// written the interface's way.

const MINUTE = 60_000;

function span(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return t('minutesShort', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('hoursShort', hours);
  return t('daysShort', Math.floor(hours / 24));
}

/** "due in 40 min", "overdue by 2 h", "due now". */
export function describeDue(dueAt: number, now: number): string {
  const diff = dueAt - now;
  if (Math.abs(diff) < MINUTE) return t('dueNow');
  return diff > 0 ? t('dueIn', span(diff)) : t('overdueBy', span(-diff));
}

/** "5 h" — how long ago, for banners. */
export function describeAgo(at: number, now: number): string {
  return span(Math.max(0, now - at));
}

/** "14:02" today, "Nov 24, 14:02" on another day — in the firm's time zone. */
export function formatMoment(at: number, firm: Pick<Firm, 'timeZone'>, now: number): string {
  const day = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeZone: firm.timeZone });
  const sameDay = day.format(at) === day.format(now);
  return new Intl.DateTimeFormat(uiLanguage(), {
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZone: firm.timeZone,
  }).format(at);
}

/** "Nov 24, 2026" in the firm's time zone. */
export function formatDay(at: number, firm: Pick<Firm, 'timeZone'>): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeZone: firm.timeZone }).format(at);
}
