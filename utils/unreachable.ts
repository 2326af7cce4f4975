// A fetch that fails at the network level tells nothing useful: Chromium says "Failed to fetch",
// Firefox "NetworkError when attempting to fetch resource.", whether the server is down, refused the
// extension (no site access and no CORS header) or showed a certificate the browser does not trust.
// The browser hides which on purpose, so the message names every cause that can apply to this URL
// and what to do about each; the ones the facts rule out are left out.

import { t } from './i18n';

export interface UnreachableFacts {
  /** What was being fetched: the firm's policy or the firm ledger. */
  what: 'policy' | 'firm ledger';
  url: string;
  /** Whether the extension holds site access to the URL's server; null when not known. */
  siteAccess: boolean | null;
}

/** True for the error fetch rejects with when no HTTP answer could be read at all. */
export function isNetworkFailure(error: unknown): boolean {
  // Both browsers reject with a TypeError; an abort is a DOMException and is reported as a timeout.
  return error instanceof TypeError;
}

/** One paragraph for a person: which URL could not be read, what that can be, what to do. */
export function explainUnreachable(facts: UnreachableFacts): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(facts.url);
  } catch {
    // Shown as typed below; the causes still apply.
  }
  const host = parsed?.host ?? facts.url;
  const causes = [t('unrNotAnswering')];
  if (facts.siteAccess !== true) causes.push(t('unrNoAccess', parsed?.hostname ?? host));
  if (parsed?.protocol !== 'http:') causes.push(t('unrCertificate'));
  const listed = causes.length === 1 ? causes[0]! : causes.map((c, i) => `(${i + 1}) ${c}`).join('; ');
  const head = t(facts.what === 'policy' ? 'unrPolicy' : 'unrLedger', facts.url);
  return t(causes.length === 1 ? 'unrMostLikely' : 'unrCanBe', head, listed);
}
