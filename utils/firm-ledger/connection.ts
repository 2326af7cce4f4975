import { t, uiLanguage } from '../i18n';
import type { Me } from '../people';
import type { Policy } from '../policy/types';
// How this browser stands with the firm's ledger, as the options page and the panel show it, and
// the few pure rules of the connection: where the server's session lives, how long to wait before
// trying again, what a server's answer to a sign-in means.

export type LedgerState =
  /** The policy names no firm ledger: this browser keeps its own. */
  | 'not-configured'
  /** No session: the person signs in (first time, after a browser restart, or when it lapsed). */
  | 'signed-out'
  | 'connecting'
  /** Replicating live, both ways. */
  | 'connected'
  /** The server cannot be reached; work is kept here and goes up when it can. */
  | 'offline';

export interface LedgerStatus {
  state: LedgerState;
  url: string | null;
  /** The CouchDB user: Your email. */
  user: string | null;
  /** When the state began (offline since, connected since). */
  since: number | null;
  /** When the replica last caught up with the server; null = never. */
  lastSyncedAt: number | null;
  lastError: { at: number; message: string } | null;
  /** Why the person must sign in again, when a session lapsed or the ledger's address changed. */
  signInReason: string | null;
  /** The policy version of the rules the firm's server enforces (its design document); null = not read yet. */
  serverPolicyVersion: string | null;
  /**
   * The ledger address the person signed in to, when the ledger in force is now at another one:
   * Sign in names the new host. Absent or null otherwise.
   */
  signedInTo?: string | null;
  /** A new browser's first sync under way: how many records it holds so far. Absent or null otherwise. */
  firstSync?: number | null;
}

/** The firm ledger this browser works with (the policy in force names it), and as whom (Your email). */
export interface FirmConfig {
  url: string;
  me: Me;
  policy: Policy;
}

/** A change of the status: fields to set, or made from the status as it stands. */
export type StatusChange = Partial<LedgerStatus> | ((current: LedgerStatus) => Partial<LedgerStatus>);

export const NO_LEDGER: LedgerStatus = {
  state: 'not-configured',
  url: null,
  user: null,
  since: null,
  lastSyncedAt: null,
  lastError: null,
  signInReason: null,
  serverPolicyVersion: null,
};

/**
 * How the ledger at `url` stands for `user` before they sign in to it. `signedIn`: the marker of the
 * ledger they signed in to (`<email> <url>`, as the service keeps it), if any. When that is another address, they are asked again with the new
 * host named: their password and their records go only to a server they signed in to.
 */
export function signedOutAt(url: string, user: string, signedIn: string | null): LedgerStatus {
  const status: LedgerStatus = { ...NO_LEDGER, state: 'signed-out', url, user };
  const space = signedIn?.indexOf(' ') ?? -1;
  if (!signedIn || space < 0 || signedIn.slice(0, space) !== user) return status;
  const before = signedIn.slice(space + 1);
  if (before === url) return status;
  return { ...status, signInReason: t('ledgerAddressChanged', ledgerHost(url)), signedInTo: before };
}

/** The ledger's host as a person reads it ("ledger.example-firm.com", "127.0.0.1:5984"). */
export function ledgerHost(databaseUrl: string): string {
  try {
    return new URL(databaseUrl).host;
  } catch {
    return databaseUrl;
  }
}

/** CouchDB's `_session` beside the database: https://host/couch/firm → https://host/couch/_session. */
export function sessionUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const parts = url.pathname.replace(/\/+$/, '').split('/');
  parts[parts.length - 1] = '_session';
  url.pathname = parts.join('/');
  url.search = '';
  url.hash = '';
  return url.href;
}

/** The origin pattern the extension needs site access to for this ledger. */
export function ledgerOriginPattern(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Waits between attempts while the server cannot be reached: 1 s, 2 s, 4 s … at most a minute. */
export function nextBackOff(previousMs: number): number {
  return previousMs <= 0 ? 1_000 : Math.min(previousMs * 2, 60_000);
}

/** What an HTTP answer to a sign-in means for the person, or null when they are signed in. */
export function signInRefusal(status: number, user: string, url: string): string | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return t('ledgerWrongPassword', user);
  if (status === 404) return t('ledgerNoCouch', url);
  return t('ledgerHttp', url, String(status));
}

/** True when a replication error means the session is gone (sign in again), not the network. */
export function isSessionLapse(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; name?: unknown; error?: unknown };
  return e.status === 401 || e.name === 'unauthorized' || e.error === 'unauthorized';
}

/** One line for the status, with times as the caller formats them. */
export function statusText(status: LedgerStatus, when: (ms: number) => string): string {
  switch (status.state) {
    case 'not-configured':
      return t('ledgerNotConfigured');
    case 'signed-out':
      return status.signInReason ?? t('ledgerSignedOut');
    case 'connecting':
      return typeof status.firstSync === 'number' ? t('ledgerFirstSync', status.firstSync.toLocaleString(uiLanguage())) : t('ledgerConnecting');
    case 'connected':
      return t('ledgerConnected');
    case 'offline':
      return t('ledgerOffline', status.since === null ? '—' : when(status.since));
  }
}
