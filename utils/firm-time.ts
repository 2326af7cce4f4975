import type { Firm } from './policy/types';

// One clock for the policy's times, the same in the side panel and on the options page: the firm's
// time zone when a policy is loaded, named by its city ("New York time"); the computer's otherwise.

/** "Nov 25, 2026, 1:00 PM, New York time", or "…, this computer's time" without a firm. */
export function formatClock(at: number, firm: Pick<Firm, 'locale' | 'timeZone'> | null): string {
  if (!firm) {
    return `${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at)}, this computer's time`;
  }
  const when = new Intl.DateTimeFormat(firm.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: firm.timeZone }).format(at);
  return `${when}, ${zoneName(firm.timeZone)} time`;
}

/** "America/New_York" → "New York"; "UTC" stays "UTC". */
function zoneName(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}
