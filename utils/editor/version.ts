import { comparePolicyVersions } from '../policy/sync';

// A changed policy needs a newer policyVersion than the one in force. The editor offers one: today's
// date in the firm's time zone, or today's date with a running number when today's is taken.

export function suggestPolicyVersion(current: string, now: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  if (comparePolicyVersions(today, current) > 0) return today;
  const sameDay = current.startsWith(today) ? /^\.(\d+)$/.exec(current.slice(today.length)) : null;
  if (current === today || sameDay) return `${today}.${Number(sameDay?.[1] ?? 1) + 1}`;
  // A version from the future or in another scheme: raise its last number.
  const last = /(\d+)(\D*)$/.exec(current);
  const digits = last?.[1] ?? '';
  const raised = String(Number(digits) + 1).padStart(digits.length, '0');
  return last ? `${current.slice(0, last.index)}${raised}${last[2]}` : `${current}.2`;
}
