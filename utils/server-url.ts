import { t } from './i18n';
/**
 * Null when the extension may talk to this server, else why not: only https:, plus http on this
 * machine for testing. `what`: which URL the message names.
 */
const INVALID = { policy: 'urlPolicyInvalid', ledger: 'urlLedgerInvalid', database: 'urlDatabaseInvalid' } as const;
const NOT_HTTPS = { policy: 'urlPolicyHttps', ledger: 'urlLedgerHttps', database: 'urlDatabaseHttps' } as const;

export function serverUrlProblem(url: string, what: keyof typeof INVALID): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return t(INVALID[what]);
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1')) {
    return null;
  }
  return t(NOT_HTTPS[what]);
}
