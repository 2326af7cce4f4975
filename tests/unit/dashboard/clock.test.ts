import { describe, expect, it } from 'vitest';
import { addDays, firmDate, firmMonth, lastDays, lastMonth, monthsOf, periodOfDates, startOfFirmDay } from '@/utils/dashboard/clock';

// The dashboard's calendar is the firm's: New York's midnight, not the partner's nor UTC's.

const NY = 'America/New_York';

describe("the firm's calendar", () => {
  it("puts New Year's Eve evening in New York in December, though it is January in UTC", () => {
    const eve = Date.UTC(2027, 0, 1, 3, 30); // 22:30 on Dec 31 in New York
    expect(firmMonth(eve, NY)).toBe('2026-12');
    expect(firmMonth(eve, 'UTC')).toBe('2027-01');
    expect(firmMonth(eve, 'Asia/Kolkata')).toBe('2027-01');
    expect(firmDate(eve, NY)).toBe('2026-12-31');
  });

  it('starts a day at midnight on the firm clock, daylight saving or not', () => {
    expect(startOfFirmDay('2026-11-02', NY)).toBe(Date.UTC(2026, 10, 2, 5));
    expect(startOfFirmDay('2026-07-01', NY)).toBe(Date.UTC(2026, 6, 1, 4));
    // The day the clocks go back: midnight is still EDT.
    expect(startOfFirmDay('2026-11-01', NY)).toBe(Date.UTC(2026, 10, 1, 4));
    expect(startOfFirmDay('2026-03-08', NY)).toBe(Date.UTC(2026, 2, 8, 5));
    expect(startOfFirmDay('2026-03-09', NY)).toBe(Date.UTC(2026, 2, 9, 4));
    expect(startOfFirmDay('2026-06-01', 'Asia/Kathmandu')).toBe(Date.UTC(2026, 4, 31, 18, 15));
  });

  it('covers whole days, first and last included, across a year’s end', () => {
    const period = periodOfDates('2026-12-15', '2027-01-14', NY);
    expect(period).toEqual({ from: Date.UTC(2026, 11, 15, 5), to: Date.UTC(2027, 0, 15, 5) });
    expect(monthsOf(period, NY)).toEqual(['2026-12', '2027-01']);
    expect(monthsOf(periodOfDates('2026-10-20', '2027-02-03', NY), NY)).toEqual(['2026-10', '2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOf({ from: 5, to: 5 }, NY)).toEqual([]);
  });

  it('defaults to the last 90 days up to today, and knows last month', () => {
    const now = Date.UTC(2027, 0, 1, 3, 30); // Dec 31, 22:30 in New York
    expect(lastDays(now, NY)).toEqual({ first: '2026-10-03', last: '2026-12-31' });
    expect(addDays('2026-12-31', -89)).toBe('2026-10-03');
    expect(lastMonth(now, NY)).toEqual({ first: '2026-11-01', last: '2026-11-30' });
    expect(lastMonth(Date.UTC(2027, 0, 10), NY)).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });

  it('refuses a date it cannot read', () => {
    expect(() => startOfFirmDay('31/12/2026', NY)).toThrow('Not a date: 31/12/2026. Choose the day in the calendar.');
  });
});
