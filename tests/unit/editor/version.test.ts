import { describe, expect, it } from 'vitest';
import { comparePolicyVersions } from '@/utils/policy/sync';
import { suggestPolicyVersion } from '@/utils/editor/version';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('the version a changed policy is offered', () => {
  it('is today’s date in the firm’s time zone, or a running number on the same day, always newer', () => {
    const cases: [string, string][] = [
      ['2026-11-01', '2026-12-01'],
      ['2026-12-01', '2026-12-01.2'],
      ['2026-12-01.2', '2026-12-01.3'],
      ['2027-01-05', '2027-01-06'],
      ['v9', 'v10'],
      ['draft', 'draft.2'],
    ];
    for (const [current, expected] of cases) {
      const next = suggestPolicyVersion(current, NOW, 'America/New_York');
      expect(next, current).toBe(expected);
      expect(comparePolicyVersions(next, current), current).toBeGreaterThan(0);
    }
    expect(suggestPolicyVersion('2026-11-01', Date.UTC(2026, 11, 1, 2), 'America/New_York')).toBe('2026-11-30');
  });
});
