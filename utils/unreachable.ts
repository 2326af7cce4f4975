// A fetch that fails at the network level tells nothing useful: Chromium says "Failed to fetch",
// Firefox "NetworkError when attempting to fetch resource.", whether the server is down, refused the
// extension (no site access and no CORS header) or showed a certificate the browser does not trust.
// The browser hides which on purpose, so the message names every cause that can apply to this URL
// and what to do about each; the ones the facts rule out are left out.

export interface UnreachableFacts {
  /** What was being fetched, as it reads in the sentence: "the policy", "the firm ledger". */
  what: string;
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
  const causes = [
    `the server is not answering at that address: check that it is running and that the address and port are right (open the URL in a browser tab)`,
  ];
  if (facts.siteAccess !== true) {
    causes.push(
      `it does not let the extension read it: allow the extension's site access to ${parsed?.hostname ?? host} when it asks, or have the server send the header Access-Control-Allow-Origin: *`,
    );
  }
  if (parsed?.protocol !== 'http:') {
    causes.push(
      `its certificate is not trusted by this browser: open the URL in a browser tab; if it shows a certificate warning, ask IT to install the certificate or serve a trusted one`,
    );
  }
  const listed = causes.length === 1 ? causes[0]! : causes.map((c, i) => `(${i + 1}) ${c}`).join('; ');
  return `Could not reach ${facts.what} at ${facts.url}. ${causes.length === 1 ? 'Most likely' : 'It can be'}: ${listed}.`;
}
