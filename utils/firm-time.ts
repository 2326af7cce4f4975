import type { Firm } from './policy/types';
import { t } from './i18n';
import { dateTime } from './i18n/format';

// One clock for the policy's times, the same in the side panel and on the options page: the firm's
// time zone when a policy is loaded, named by its city ("New York time"); the computer's otherwise.
// Written the interface's way, like every date on screen.

/** "Nov 25, 2026, 1:00 PM, New York time", or "…, this computer's time" without a firm. */
export function formatClock(at: number, firm: Pick<Firm, 'timeZone'> | null): string {
  if (!firm) return t('clockComputer', dateTime(at));
  return t('clockFirm', dateTime(at, firm.timeZone), zoneName(firm.timeZone));
}

/** "America/New_York" → "New York"; "UTC" stays "UTC". */
export function zoneName(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}
