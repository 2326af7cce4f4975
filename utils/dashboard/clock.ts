import { t } from '../i18n';
import type { Period } from './types';

// The dashboard's calendar is the firm's: a day, a month and "the last 90 days" start at midnight in
// the firm's time zone, wherever the partner reading it is. Dates are `YYYY-MM-DD` strings.

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The period a partner sees first. */
export const DEFAULT_DAYS = 90;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function parts(at: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of format.formatToParts(at)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of an instant on the firm's clock. */
export function firmDate(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

// Every time zone's offset is a multiple of 15 minutes, so an instant's month is the month of its
// quarter hour: remembered, 100,000 incidents need a few thousand lookups, not 100,000.
const QUARTER_HOUR = 15 * 60 * 1000;
const monthCache = new Map<string, Map<number, string>>();

/** `YYYY-MM` of an instant on the firm's clock. */
export function firmMonth(at: number, timeZone: string): string {
  let cache = monthCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    monthCache.set(timeZone, cache);
  }
  const slot = Math.floor(at / QUARTER_HOUR);
  let month = cache.get(slot);
  if (month === undefined) {
    month = firmDate(slot * QUARTER_HOUR, timeZone).slice(0, 7);
    cache.set(slot, month);
  }
  return month;
}

/** The zone's offset from UTC at an instant, ms (New York in winter: −5 h). */
function offsetAt(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(at / 60_000) * 60_000;
}

function dateFields(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(t('dashboardBadDate', date));
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The instant a day starts on the firm's clock (midnight; the first moment of it on a DST day). */
export function startOfFirmDay(date: string, timeZone: string): number {
  const [year, month, day] = dateFields(date);
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return firmDate(second, timeZone) === date ? second : first;
}

/** The date `days` after (before, when negative) a date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = dateFields(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days, first and last included, on the firm's clock. */
export function periodOfDates(first: string, last: string, timeZone: string): Period {
  return { from: startOfFirmDay(first, timeZone), to: startOfFirmDay(addDays(last, 1), timeZone) };
}

/** The last `days` days up to and including today, on the firm's clock: the first and last date. */
export function lastDays(now: number, timeZone: string, days = DEFAULT_DAYS): { first: string; last: string } {
  const today = firmDate(now, timeZone);
  return { first: addDays(today, -(days - 1)), last: today };
}

/** The calendar month before today's, on the firm's clock: the monthly report's period. */
export function lastMonth(now: number, timeZone: string): { first: string; last: string } {
  const firstOfThis = `${firmDate(now, timeZone).slice(0, 7)}-01`;
  const last = addDays(firstOfThis, -1);
  return { first: `${last.slice(0, 7)}-01`, last };
}

/** Every `YYYY-MM` the period touches, in order (empty months included). */
export function monthsOf(period: Period, timeZone: string): string[] {
  if (period.to <= period.from) return [];
  const first = firmMonth(period.from, timeZone);
  const last = firmMonth(period.to - 1, timeZone);
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let key = first; key <= last; ) {
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    key = `${pad(year, 4)}-${pad(month)}`;
  }
  return months;
}
