import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { errorText } from '../utils/error-text';

// The database URL an admin gives `npm run ledger:setup`, checked before anything is sent: credentials
// that cannot be read as typed, and a server that does not answer as the URL says, each explained with
// what to do (Node's own words are "not a valid URL" and "fetch failed").

/** The characters that end the user name or password part of a URL, and how each is written inside it. */
const PERCENT_ENCODED = '# is %23, / is %2F, ? is %3F, % is %25, @ is %40, : is %3A';

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether the URL names the host after its last "@", with credentials that decode. */
function readAsTyped(raw: string, withoutCredentials: string): boolean {
  try {
    const url = new URL(raw);
    return url.username !== '' && url.host === new URL(withoutCredentials).host && decodes(url.username) && decodes(url.password);
  } catch {
    return false;
  }
}

/**
 * Why the credentials in the database URL cannot be read as typed, or null: a password with `#`, `/`,
 * `?` or `\` ends the credentials early (the URL then names another host, or none), and a `%` not
 * followed by two hex digits is no escape. Names the fix without repeating the password.
 */
export function credentialsProblem(databaseUrl: string): string | null {
  const raw = databaseUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(raw);
  const at = raw.lastIndexOf('@');
  if (!scheme || at < scheme[0].length) return null;
  const userInfo = raw.slice(scheme[0].length, at);
  const colon = userInfo.indexOf(':');
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const rest = raw.slice(at + 1);
  if (readAsTyped(raw, `${scheme[0]}${rest}`)) return null;
  const example = `${scheme[0]}${user.includes('/') || user.includes('#') || user.includes('?') ? '<user, percent-encoded>' : user}:<password, percent-encoded>@${rest}`;
  const hint = `percent-encode the user name and password in the database URL (${PERCENT_ENCODED}): ${example}`;
  if (/[#/?\\]/.test(userInfo)) return `The database URL cannot be read as typed: its password (or user name) contains # / ? or \\, which end that part of a URL. Please ${hint}`;
  if (/%(?![0-9A-Fa-f]{2})/.test(userInfo)) return `The database URL cannot be read as typed: its password (or user name) contains a % that is not an escape. Please ${hint}`;
  return null;
}

/** Whether something at host:port answers plain HTTP (any status). */
function answersPlainHttp(url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpRequest({ host: url.hostname, port: url.port || 443, path: '/', method: 'GET', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
    request.end();
  });
}

/** Whether something at host:port completes a TLS handshake (whatever its certificate). */
function answersTls(url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port || 80), rejectUnauthorized: false, timeout: timeoutMs }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** Node's network error codes, as what to do about them. `other`: what the port answers instead, when asked. */
function unreachableReason(url: URL, code: string, message: string, other: 'http' | 'tls' | null): string {
  const place = `${url.protocol}//${url.host}`;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (other === 'http') {
    return `${place} answers, but not with TLS: the URL says https:// and the server speaks plain http there. Is it https? Use the port of your HTTPS proxy (or CouchDB's [ssl] port), or http:// for a server on this machine.`;
  }
  if (other === 'tls') {
    return `${place} closed the connection without an answer. Is it https? The server there expects TLS: try https://${url.host}${url.pathname}.`;
  }
  if (code === 'ECONNREFUSED') {
    return `Nothing answers at ${place} (connection refused): is CouchDB running, and listening on port ${port}? (CouchDB's own default is 5984, 6984 for its TLS port.)`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `The host ${url.hostname} is not known (DNS): check its spelling in the database URL.`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return `${place} shows a certificate this computer does not trust (${code}). With the firm's own certificate authority, run again with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; or fix the certificate (it must name ${url.hostname}).`;
  }
  if (url.protocol === 'https:' && (code === 'EPROTO' || code.startsWith('ERR_SSL_') || /wrong version number|packet length too long/i.test(message))) {
    return `${place} answers, but not with TLS. Is it https? Use the port of your HTTPS proxy (or CouchDB's [ssl] port).`;
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'TimeoutError') {
    return `No answer from ${place} in time: check the host and port, and that a firewall lets this computer reach port ${port}.`;
  }
  return `Could not reach ${place}: ${message}${code ? ` (${code})` : ''}. Check that CouchDB is running there and whether the URL should be https:// or http://.`;
}

/**
 * Null when the database's server answers over HTTP at all (any status), else why not and what to
 * do: "fetch failed" says neither. A connection that fails after it was accepted is asked again the
 * other way (plain http for an https: URL, TLS for an http: one) to tell a TLS mismatch apart.
 * Asked without credentials, so none travel before the server is known.
 */
export async function serverUnreachable(databaseUrl: string, timeoutMs = 15_000): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(databaseUrl.trim());
  } catch {
    return null; // setUpLedger names what is wrong with the URL.
  }
  url.username = '';
  url.password = '';
  const controller = new AbortController();
  const attempt = (async (): Promise<string | null> => {
    try {
      const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]) });
      await response.body?.cancel();
      return null;
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const code = typeof cause?.code === 'string' ? cause.code : timedOut ? 'TimeoutError' : '';
      const message = typeof cause?.message === 'string' ? cause.message : errorText(error);
      let other: 'http' | 'tls' | null = null;
      const accepted = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) && !/CERT|SELF_SIGNED|UNABLE_TO/.test(code);
      if (accepted && url.protocol === 'https:' && (await answersPlainHttp(url, 5_000))) other = 'http';
      if (accepted && url.protocol === 'http:' && (await answersTls(url, 5_000))) other = 'tls';
      return unreachableReason(url, code, message, other);
    }
  })();
  if (url.protocol !== 'https:') return attempt;
  // A plain http server (CouchDB's own port among them) may wait for the TLS handshake to become a
  // request line until the connect timeout: after two seconds without an answer, ask it plain http.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const plainHttp = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      void answersPlainHttp(url, 3_000).then((yes) => {
        if (yes) resolve(unreachableReason(url, '', '', 'http'));
      });
    }, 2_000);
  });
  try {
    return await Promise.race([attempt, plainHttp]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
