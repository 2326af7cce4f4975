import { browser } from 'wxt/browser';
import { announce } from '@/utils/browser/messaging';
import { configKey, localKey, readConfig, readState, removeState, sessionKey, writeConfig, writeState } from '@/utils/browser/state';
import type { ConfigStore } from '@/utils/config-store';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { errorText } from '@/utils/error-text';
import { explainUnreachable, isNetworkFailure } from '@/utils/unreachable';
import { identityNow } from '@/utils/ledger/identity';
import { LEDGER_STATUS_KEY } from '@/utils/firm-ledger/keys';
import {
  NO_LEDGER,
  ledgerOriginPattern,
  sessionUrl,
  signInRefusal,
  signedOutAt,
  type FirmConfig,
  type LedgerStatus,
  type StatusChange,
} from '@/utils/firm-ledger/connection';
import { t } from '@/utils/i18n';

// Who this browser is signed in to the firm's ledger as, and how that stands: CouchDB's session
// cookie, the password kept in memory to renew a lapsed session, and the status the options page and
// the panel show. Nothing here replicates or folds; the replication service asks.

/** Who is signed in to which ledger, `<email> <url>`: they replicate as themselves, and what they record is theirs. */
const SIGNED_IN = configKey<string | null>('firmLedgerSignedIn');
/** Where earlier versions kept who is signed in, which a content script could write in Firefox. */
const SIGNED_IN_BEFORE = localKey<string>('firmLedgerSignedIn');
/** The password, only so that a session the server ended (CouchDB's cookie lasts 10 minutes unused) is renewed without asking. */
const PASSWORD = sessionKey<string>('firmLedgerPassword');
/** The status the options page shows. */
const STATUS = localKey<LedgerStatus>(LEDGER_STATUS_KEY);

export interface FirmSessionDeps {
  config: ConfigStore;
  currentPolicy: () => Promise<Policy | null>;
  currentMe: () => Promise<Me | null>;
}

export function makeFirmSession(deps: FirmSessionDeps) {
  const marker = (cfg: FirmConfig) => `${cfg.me.email} ${cfg.url}`;

  /** The ledger in force and who works with it; null without a ledger or without Your email. */
  async function current(): Promise<FirmConfig | null> {
    const [policy, me] = await Promise.all([deps.currentPolicy(), deps.currentMe()]);
    if (!policy?.ledger || !me) return null;
    return { url: policy.ledger.url, me, policy };
  }

  async function need(): Promise<FirmConfig> {
    const cfg = await current();
    if (!cfg) throw new Error(t('ledgerNeedsPolicy'));
    return cfg;
  }

  let statusWrites: Promise<unknown> = Promise.resolve();
  /**
   * One status write at a time, each on the one before; `unless` is asked inside the queue, so an
   * event of a replication that ended meanwhile changes nothing.
   */
  function setStatus(change: StatusChange, unless: () => boolean = () => false): Promise<LedgerStatus> {
    const write = statusWrites.then(async () => {
      const before = (await readState(STATUS)) ?? NO_LEDGER;
      if (unless()) return before;
      const next = { ...before, ...(typeof change === 'function' ? change(before) : change) };
      await writeState(STATUS, next);
      announce('ledgerStatus');
      return next;
    });
    statusWrites = write.catch(() => undefined);
    return write;
  }

  async function status(): Promise<LedgerStatus> {
    const cfg = await current();
    if (!cfg) return { ...NO_LEDGER };
    const stored = (await readState(STATUS)) ?? NO_LEDGER;
    if (stored.url !== cfg.url || stored.user !== cfg.me.email) {
      return setStatus(signedOutAt(cfg.url, cfg.me.email, (await readConfig(deps.config, SIGNED_IN)) ?? null));
    }
    return stored;
  }

  async function isSignedIn(cfg: FirmConfig): Promise<boolean> {
    return (await readConfig(deps.config, SIGNED_IN)) === marker(cfg);
  }

  /** Words for a failure to reach the ledger, or the error's own. */
  async function problemText(error: unknown, url: string): Promise<string> {
    if (!isNetworkFailure(error)) return errorText(error);
    let siteAccess: boolean | null;
    try {
      siteAccess = await browser.permissions.contains({ origins: [ledgerOriginPattern(url)] });
    } catch {
      siteAccess = null;
    }
    return explainUnreachable({ what: 'firm ledger', url, siteAccess });
  }

  /** Asks the server for a session; null when it gave one, else its refusal in words. */
  async function openSession(cfg: FirmConfig, password: string): Promise<string | null> {
    const response = await fetch(sessionUrl(cfg.url), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name: cfg.me.email, password }),
    });
    return signInRefusal(response.status, cfg.me.email, cfg.url);
  }

  async function forget(): Promise<void> {
    await writeConfig(deps.config, SIGNED_IN, null);
    await removeState(PASSWORD);
  }

  return {
    current,
    need,
    status,
    setStatus,
    isSignedIn,
    problemText,

    /** Signs in with the person's ledger password; throws the server's refusal or the network's trouble in words. */
    async signIn(cfg: FirmConfig, password: string): Promise<void> {
      if (password === '') throw new Error(t('ledgerEnterPassword'));
      let refusal: string | null;
      try {
        refusal = await openSession(cfg, password);
      } catch (error) {
        const message = await problemText(error, cfg.url);
        await setStatus({ url: cfg.url, user: cfg.me.email, lastError: { at: Date.now(), message } });
        throw new Error(message);
      }
      if (refusal) {
        await setStatus({ state: 'signed-out', url: cfg.url, user: cfg.me.email, lastError: { at: Date.now(), message: refusal } });
        throw new Error(refusal);
      }
      await writeState(PASSWORD, password);
      await writeConfig(deps.config, SIGNED_IN, marker(cfg));
      await setStatus({ state: 'connecting', url: cfg.url, user: cfg.me.email, lastError: null, signInReason: null, signedInTo: null });
    },

    /** Ends the session here and on the server. */
    async signOut(): Promise<void> {
      const cfg = await current();
      await forget();
      if (!cfg) return;
      await fetch(sessionUrl(cfg.url), { method: 'DELETE', credentials: 'include' }).catch(() => undefined);
      await setStatus({ state: 'signed-out', since: Date.now(), signInReason: null, signedInTo: null });
    },

    /**
     * A lapsed session: renewed with the password kept in memory (true), else the person is asked
     * to sign in again.
     */
    async renew(cfg: FirmConfig): Promise<boolean> {
      const password = await readState(PASSWORD);
      if (typeof password === 'string') {
        try {
          if ((await openSession(cfg, password)) === null) return true;
        } catch {
          // Not reachable right now: asked again below; the alarm retries.
        }
      }
      await forget();
      await setStatus({ state: 'signed-out', since: Date.now(), signInReason: t('ledgerSessionEnded') });
      return false;
    },

    /** Whether the session is the person with this email's (before Your email changes). */
    async isSessionOf(email: string): Promise<boolean> {
      return (await readConfig(deps.config, SIGNED_IN))?.startsWith(`${email} `) ?? false;
    },

    /** Who the user is for what they record: signed in to the firm ledger as themselves, it says so. */
    async identify(me: Me | null): Promise<Me | null> {
      if (!me) return me;
      const policy = await deps.currentPolicy();
      const url = policy?.ledger?.url;
      const signedIn = url !== undefined && (await readConfig(deps.config, SIGNED_IN)) === `${me.email} ${url}`;
      return { ...me, identity: identityNow(me.identity, signedIn) };
    },

    start(): void {
      void removeState(SIGNED_IN_BEFORE).catch(() => undefined);
    },
  };
}

export type FirmSession = ReturnType<typeof makeFirmSession>;
