import { describe, expect, it } from 'vitest';
import { describeDue, formatMoment } from '@/components/panel/time';
import { NOW } from './fixtures';

const MIN = 60_000;
const firm = { timeZone: 'America/New_York' };

describe('due times', () => {
  it('counts down to the due time and then counts the delay', () => {
    expect(describeDue(NOW + 40 * MIN, NOW)).toBe('due in 40 min');
    expect(describeDue(NOW + 20 * 60 * MIN, NOW)).toBe('due in 20 h');
    expect(describeDue(NOW + 20 * 1000, NOW)).toBe('due now');
    expect(describeDue(NOW - 2 * 60 * MIN, NOW)).toBe('overdue by 2 h');
    expect(describeDue(NOW - 5 * MIN, NOW)).toBe('overdue by 5 min');
    expect(describeDue(NOW - 3 * 24 * 60 * MIN, NOW)).toBe('overdue by 3 d');
  });

  it('shows moments in the firm time zone, with the day when it is not today', () => {
    expect(formatMoment(Date.UTC(2026, 10, 25, 19, 2), firm, NOW)).toBe('2:02 PM');
    expect(formatMoment(Date.UTC(2026, 10, 24, 19, 2), firm, NOW)).toBe('Nov 24, 2:02 PM');
  });
});

describe('one clock for the policy', () => {
  it('says the firm\'s time with its city, the same in the panel and options', async () => {
    const { formatClock } = await import('@/utils/firm-time');
    const at = Date.UTC(2026, 10, 25, 18, 0);
    expect(formatClock(at, { timeZone: 'America/New_York' })).toBe('Nov 25, 2026, 1:00 PM, New York time');
    expect(formatClock(at, { timeZone: 'Europe/London' })).toBe('Nov 25, 2026, 6:00 PM, London time');
    expect(formatClock(at, null)).toMatch(/, this computer's time$/);
  });

  it('is written the interface\'s way, in the firm\'s time zone', async () => {
    const { formatClock } = await import('@/utils/firm-time');
    const { setTranslator } = await import('@/utils/i18n');
    const { tableTranslator } = await import('@/utils/i18n/tables');
    setTranslator(tableTranslator('fr-FR'));
    const at = Date.UTC(2026, 10, 25, 18, 0);
    expect(formatClock(at, { timeZone: 'America/New_York' })).toBe('25 nov. 2026, 13:00, heure de New York');
  });
});
