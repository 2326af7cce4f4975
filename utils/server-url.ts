/**
 * Null when the extension may talk to this server, else why not: only https:, plus http on this
 * machine for testing. `what` names the URL in the message ("The policy URL").
 */
export function serverUrlProblem(url: string, what: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return `${what} is not a valid URL`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1')) {
    return null;
  }
  return `${what} must start with https:// (http:// only for localhost or 127.0.0.1)`;
}
