import type { Firm } from '@/utils/policy/types';

// How the panel speaks about time: due times relative to now, moments in the firm's time zone.

const MINUTE = 60_000;

function span(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** "due in 40 min", "overdue by 2 h", "due now". */
export function describeDue(dueAt: number, now: number): string {
  const diff = dueAt - now;
  if (Math.abs(diff) < MINUTE) return 'due now';
  return diff > 0 ? `due in ${span(diff)}` : `overdue by ${span(-diff)}`;
}

/** "5 h" — how long ago, for banners. */
export function describeAgo(at: number, now: number): string {
  return span(Math.max(0, now - at));
}

/** "14:02" today, "Nov 24, 14:02" on another day — in the firm's time zone and locale. */
export function formatMoment(at: number, firm: Pick<Firm, 'locale' | 'timeZone'>, now: number): string {
  const day = new Intl.DateTimeFormat(firm.locale, { dateStyle: 'medium', timeZone: firm.timeZone });
  const sameDay = day.format(at) === day.format(now);
  return new Intl.DateTimeFormat(firm.locale, {
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZone: firm.timeZone,
  }).format(at);
}

/** "Nov 24, 2026" in the firm's time zone. */
export function formatDay(at: number, firm: Pick<Firm, 'locale' | 'timeZone'>): string {
  return new Intl.DateTimeFormat(firm.locale, { dateStyle: 'medium', timeZone: firm.timeZone }).format(at);
}
