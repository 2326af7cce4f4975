import { formatMoney } from '../money';
import { uiLanguage } from './index';

// On screen, numbers, dates and times are written the interface's way; money keeps the firm's
// currency (a French interface shows a US firm's "20,00 $US", never euros).

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency, uiLanguage());
}

/** A moment, medium date and short time, in the interface language (and `timeZone` when given). */
export function dateTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(ms);
}
