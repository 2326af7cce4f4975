import { formatPolicyIssue, parsePolicyText } from './parse';
import { looksLikeJws, verifyCompactJws } from './jws';
import type { Policy, PolicySource, PolicyState } from './types';
import { errorText } from '../error-text';
import { explainUnreachable, isNetworkFailure } from '../unreachable';
import { serverUrlProblem } from '../server-url';
import { t } from '../i18n';
import { sameJson } from '../ledger/canonical-json';

// Policy sync as pure logic: fetch and clock are injected. The rule that matters: on any failure the
// policy in force, its source, its last success and its ETag stay exactly as they were, and only
// `lastError` says what went wrong. A policy is applied whole or not at all.

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface SyncDeps {
  fetch: typeof fetch;
  /** Epoch milliseconds. */
  now: () => number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Whether the extension may read the URL's server without a CORS header; null when not known. */
  siteAccess?: (url: string) => Promise<boolean | null>;
  /** How the URL was configured; recorded as the policy's source on success. */
  source?: Extract<PolicySource, 'url' | 'managed-url'>;
}

export function emptyPolicyState(): PolicyState {
  return {
    policy: null,
    source: null,
    policyUrl: null,
    policyUrlLocked: false,
    signingKey: null,
    signingKeyProblem: null,
    verifiedWith: null,
    lastSyncAt: null,
    lastSuccessAt: null,
    lastError: null,
    etag: null,
  };
}

/** Null when the URL may serve a policy, else why not. */
export function checkPolicyUrl(url: string): string | null {
  return serverUrlProblem(url, 'policy');
}

/** Orders policy versions: ISO dates and numbered versions ("2026-11-01", "1.10" > "1.9"). */
export function comparePolicyVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

class Refusal extends Error {
  /** Every problem of a refused policy, "path: message", for the options page. */
  constructor(message: string, readonly issues?: string[]) {
    super(message);
  }
}

/** At most this many problems are kept with a refusal (a policy may break thousands of rules). */
const ISSUES_KEPT = 500;

function failed(state: PolicyState, now: number, message: string, issues?: readonly string[]): PolicyState {
  const kept = issues && issues.length > 0 ? { issues: issues.slice(0, ISSUES_KEPT) } : {};
  return { ...state, lastSyncAt: now, lastError: { at: now, message, ...kept } };
}

/** A refusal as the state records it: its message, and each problem when it names them. */
function refused(state: PolicyState, now: number, error: unknown): PolicyState {
  return error instanceof Refusal ? failed(state, now, error.message, error.issues) : failed(state, now, errorText(error));
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * The state with the signing rule IT set applied to the policy in force: a policy that was not
 * verified with the key now required (accepted unsigned before IT set one, or signed with a key IT
 * has since replaced) stops counting. It is dropped, so it neither decides anything nor is the
 * version a signed policy must beat.
 */
export function withSigningRule(state: PolicyState, now: number): PolicyState {
  if (!state.policy) return state;
  // A key IT set that cannot be read: no policy counts until it is fixed (failing closed).
  const problem = state.signingKeyProblem;
  if (!problem && (!state.signingKey || state.verifiedWith === state.signingKey)) return state;
  return {
    ...state,
    policy: null,
    source: null,
    verifiedWith: null,
    etag: null,
    lastError: {
      at: now,
      message: problem ? t('signingKeyProblem', problem) : t('syncUnsignedDropped'),
    },
  };
}

/** Text (plain JSON, or a JWS when a signing key is set) → a policy that may replace `current`. */
async function acceptText(text: string, state: PolicyState): Promise<Policy> {
  let json = text;
  if (state.signingKeyProblem) throw new Refusal(t('signingKeyProblem', state.signingKeyProblem));
  if (state.signingKey) {
    if (!looksLikeJws(text)) {
      throw new Refusal(t('syncRefused', t('syncNotSigned')));
    }
    const verified = await verifyCompactJws(text, state.signingKey);
    if (!verified.ok) throw new Refusal(t('syncRefused', verified.error));
    json = verified.payload;
  }
  const parsed = parsePolicyText(json);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 3).map(formatPolicyIssue).join('; ');
    const more = parsed.errors.length > 3 ? t('syncAndMore', shown, parsed.errors.length - 3) : shown;
    throw new Refusal(t('syncRefused', more), parsed.errors.map(formatPolicyIssue));
  }
  // Only a policy that still counts under the signing rule is the version to beat.
  const problem = policyVersionProblem(parsed.policy, withSigningRule(state, 0).policy);
  if (problem) throw new Refusal(t('syncRefused', problem));
  return parsed.policy;
}

/** Why `candidate` may not replace `inForce` by its version, or null when it may. */
export function policyVersionProblem(candidate: Policy, inForce: Policy | null): string | null {
  const current = inForce?.policyVersion;
  if (current === undefined) return null;
  const order = comparePolicyVersions(candidate.policyVersion, current);
  if (order < 0) return t('syncOlder', candidate.policyVersion, current);
  // The same version may come again only as the same policy (in any key order: browsers' storage does
  // not keep the order it was written in): a change needs a new version number.
  if (order === 0 && !sameJson(candidate, inForce)) {
    return t('syncSameDiffers', current);
  }
  return null;
}

const ACCEPTED_TYPES = /^(application\/(json|[\w.+-]+\+json|jose|jws|octet-stream)|text\/plain)$/;

function checkContentType(header: string | null): void {
  if (header === null) return;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (type && !ACCEPTED_TYPES.test(type)) {
    throw new Refusal(t('syncRefused', t('syncNotJsonType', type)));
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('Content-Length') ?? NaN);
  const tooLarge = t('syncRefused', t('syncTooLarge', megabytes(maxBytes)));
  if (declared > maxBytes) throw new Refusal(tooLarge);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Refusal(tooLarge);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Refusal(t('syncRefused', t('syncNotUtf8')));
  }
}

const MAX_REDIRECTS = 5;

/** This computer, however spelled (`localhost.`, `127.1`, `[::ffff:127.0.0.1]`, `0.0.0.0`). */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    /^\[(::1?|::ffff:(7f[0-9a-f]{2}:[0-9a-f]{1,4}|0:0))\]$/.test(host)
  );
}

/**
 * Fetches without letting the browser follow redirects: each hop's target is checked like the policy
 * URL itself before it is requested, so an https server cannot send the request to plain http (or to
 * a service on this machine). Browsers hide a redirect's target from scripts (an "opaque redirect"),
 * so there the redirect is refused rather than followed blind.
 */
async function fetchFollowingCheckedHops(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
    if (!redirected) return response;
    const location = response.headers.get('Location');
    if (response.type === 'opaqueredirect' || !location) {
      throw new Refusal(
        'Policy refused: the policy URL redirects to an address the extension cannot check; set the final address as the policy URL',
      );
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new Refusal(t('syncRefused', t('syncRedirectInvalid')));
    }
    // http: is for a policy server on this machine while testing; a hop never leads there from elsewhere.
    const fromLoopback = isLoopback(new URL(url));
    if (next.protocol !== 'https:' && (checkPolicyUrl(next.href) || !fromLoopback)) {
      throw new Refusal(t('syncRefused', t('syncRedirectNotHttps', next.origin)));
    }
    if (isLoopback(next) && !fromLoopback) {
      throw new Refusal(t('syncRefused', t('syncRedirectLocal', next.origin)));
    }
    if (hop + 1 >= MAX_REDIRECTS) throw new Refusal(t('syncRefused', t('syncRedirectMany', MAX_REDIRECTS)));
    current = next.href;
  }
}

export async function syncFromUrl(state: PolicyState, deps: SyncDeps): Promise<PolicyState> {
  const startedAt = deps.now();
  const url = state.policyUrl?.trim();
  if (!url) return failed(state, startedAt, t('syncNoUrl'));
  const urlProblem = checkPolicyUrl(url);
  if (urlProblem) return failed(state, startedAt, urlProblem);

  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { Accept: 'application/json, application/jose;q=0.9, */*;q=0.1' };
    // Only a policy we still hold can be "not modified".
    if (state.etag && state.policy) headers['If-None-Match'] = state.etag;
    const response = await fetchFollowingCheckedHops(deps.fetch, url, {
      headers,
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
    }).catch(async (error: unknown) => {
      if (controller.signal.aborted || !isNetworkFailure(error)) throw error;
      const siteAccess = deps.siteAccess ? await deps.siteAccess(url).catch(() => null) : null;
      throw new Refusal(explainUnreachable({ what: 'policy', url, siteAccess }));
    });
    const now = deps.now();
    if (response.status === 304) {
      return { ...state, lastSyncAt: now, lastSuccessAt: now, lastError: null };
    }
    if (!response.ok) {
      throw new Refusal(t('syncHttp', String(response.status)));
    }
    checkContentType(response.headers.get('Content-Type'));
    const text = await readCapped(response, deps.maxBytes ?? DEFAULT_MAX_BYTES);
    const policy = await acceptText(text, state);
    const done = deps.now();
    return {
      ...state,
      policy,
      verifiedWith: state.signingKey,
      source: deps.source ?? 'url',
      etag: response.headers.get('ETag'),
      lastSyncAt: done,
      lastSuccessAt: done,
      lastError: null,
    };
  } catch (error) {
    const now = deps.now();
    if (error instanceof Refusal) return refused(state, now, error);
    if (controller.signal.aborted) {
      return failed(state, now, t('syncTimeout', Math.round(timeoutMs / 1000)));
    }
    const detail = errorText(error);
    return failed(state, now, t('syncFetchFailed', detail));
  } finally {
    clearTimeout(timer);
  }
}

/** The "Import policy file" path: the same checks as a sync, for firms without a web server. */
export async function importPolicyText(
  state: PolicyState,
  text: string,
  fileName: string,
  now: number,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<PolicyState> {
  try {
    if (new TextEncoder().encode(text).byteLength > maxBytes) {
      throw new Refusal(t('syncRefused', t('syncFileTooLarge', fileName, megabytes(maxBytes))));
    }
    const policy = await acceptText(text, state);
    // An imported policy has no ETag: the next URL sync must fetch in full.
    return {
      ...state,
      policy,
      source: 'file',
      verifiedWith: state.signingKey,
      etag: null,
      lastSyncAt: now,
      lastSuccessAt: now,
      lastError: null,
    };
  } catch (error) {
    return refused(state, now, error);
  }
}
