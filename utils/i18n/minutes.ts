import { t } from './index';

// A duration in minutes as the interface writes it, short: the options page's summary and the dashboard.

/** "under 1 min", "12 min", "3 h", "2 d". */
export function describeMinutes(minutes: number): string {
  if (minutes < 1) return t('underOneMin');
  const whole = Math.round(minutes);
  if (whole < 60) return t('minutesShort', whole);
  const hours = Math.round(whole / 60);
  return hours < 48 ? t('hoursShort', hours) : t('daysShort', Math.round(hours / 24));
}
