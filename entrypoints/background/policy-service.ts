import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import type { Identity, Me } from '@/utils/people';
import type { Settings, SettingsWithMe } from '@/utils/settings';
import { firmDomains, resolveMe } from '@/utils/policy/staff';
import { checkPolicyUrl, emptyPolicyState, importPolicyText, syncFromUrl, withSigningRule } from '@/utils/policy/sync';
import { policyOrigin } from '@/utils/access/site-access';
import { errorText } from '@/utils/error-text';
import type { ConfigStore } from '@/utils/config-store';
import { announce } from '@/utils/browser/messaging';
import { configKey, readConfig, writeConfig, type StateKey } from '@/utils/browser/state';
import type { Policy, PolicyState } from '@/utils/policy/types';
import { withManagedLedger } from '@/utils/policy/managed-ledger';
import { managedSigningKey, type ManagedSigningKey } from '@/utils/policy/signing-key';
import { isEmailAddress, normaliseEmail } from '@/utils/people';
import { t } from '@/utils/i18n';

// The policy in force and who the user is. They live in the background's own database, out of the
// content scripts' reach (utils/config-store.ts); pages ask for them by message and refresh when
// the background announces `configChanged` (utils/messages.ts, PageEvents). IT may fix the URL and the signing key through
// managed storage.

const POLICY_STATE = configKey<Partial<PolicyState>>('policyState');
const SETTINGS = configKey<Partial<Settings>>('settings');
/** Set once what an earlier version kept in storage.local has moved to the config store. */
const MIGRATED = configKey<boolean>('migratedFromStorageLocal');
export const POLICY_SYNC_ALARM = 'policy-sync';

interface ManagedConfig {
  policyUrl?: string;
  lockPolicyUrl?: boolean;
  /** Both forms IT may set the key in, judged together (utils/policy/signing-key.ts). */
  signing: ManagedSigningKey;
  staffEmail?: string;
  ledgerUrl?: string;
}

/** What managed storage holds when IT set nothing. */
const NOTHING_SET: ManagedConfig = { signing: { key: null, problem: null } };

type PolicyMessages =
  | 'getPolicyState'
  | 'syncPolicy'
  | 'setPolicyUrl'
  | 'importPolicy'
  | 'getSettings'
  | 'setSettings'
  | 'detectContext';

export interface PolicyServiceDeps {
  /** How the policy server is reached (the browser's fetch). */
  fetch: typeof fetch;
  /** Where the policy state and the settings are kept (the background's own database). */
  config: ConfigStore;
  /** Who the user is for what they record (signed in to the firm ledger as themselves, it says so). */
  identify?: (me: Me | null) => Promise<Me | null>;
  /** Your email changed from `before`: whatever ran in their name stops. */
  personChanged?: (before: string) => Promise<void>;
}

export interface PolicyService {
  handlers: Pick<Handlers<BackgroundProtocol>, PolicyMessages>;
  /** Registers the sync triggers; call synchronously at service-worker start. */
  start(): void;
  /** The policy in force, or null before the first one. */
  currentPolicy(): Promise<Policy | null>;
  /** The user as the policy knows them, or null until they say who they are. */
  currentMe(): Promise<Me | null>;
  /** Calls `listener` after each change of the stored policy state (a sync, an import, a new URL). */
  onPolicyChange(listener: () => void): void;
  /** Calls `listener` after a change of who "we" are: the policy (the firm's domains) or Your email. */
  onDetectContextChange(listener: () => void): void;
}

export function makePolicyService(deps: PolicyServiceDeps): PolicyService {
  const { config } = deps;
  const policyListeners: (() => void)[] = [];
  const contextListeners: (() => void)[] = [];

  // Once: what an earlier version kept in storage.local moves into the database, and leaves
  // storage.local, so nothing written there later is ever read as the policy or the settings.
  let migration: Promise<void> | null = null;
  function migrated(): Promise<void> {
    migration ??= (async () => {
      if (await readConfig(config, MIGRATED)) return;
      const names = [POLICY_STATE.name, SETTINGS.name];
      const old = await browser.storage.local.get(names);
      for (const name of names) {
        if (old[name] !== undefined && (await config.get(name)) === undefined) await config.set(name, old[name]);
      }
      await writeConfig(config, MIGRATED, true);
      await browser.storage.local.remove(names);
    })().catch((error: unknown) => {
      migration = null;
      throw error;
    });
    return migration;
  }

  async function readStored<T>(key: StateKey<T, 'config'>): Promise<T | undefined> {
    await migrated();
    return readConfig(config, key);
  }

  /** Keeps the policy state or the settings; pages and listeners hear of the change. */
  async function store<T>(key: StateKey<T, 'config'>, value: T): Promise<void> {
    await migrated();
    await writeConfig(config, key, value);
    announce('configChanged');
    for (const listener of key === POLICY_STATE ? [...policyListeners, ...contextListeners] : contextListeners) {
      listener();
    }
  }

  // Reading managed storage can take seconds in Chromium; it only changes when IT pushes a change.
  // A read that failed is not kept: the next call tries again.
  let managedCache: Promise<ManagedConfig> | null = null;
  function managedConfig(): Promise<ManagedConfig> {
    const read = (managedCache ??= readManagedConfig());
    read.catch(() => {
      if (managedCache === read) managedCache = null;
    });
    return read;
  }

  /** Firefox's answer when no enterprise policy configures the extension: nothing is managed. */
  const NOTHING_MANAGED = /managed storage manifest not found/i;

  async function readManagedConfig(): Promise<ManagedConfig> {
    // Absent in some browsers: nothing can be managed there.
    if (!browser.storage.managed) return NOTHING_SET;
    let raw: Record<string, unknown>;
    try {
      raw = (await browser.storage.managed.get([
        'policyUrl',
        'lockPolicyUrl',
        'policySigningKey',
        'policySigningKeyJwk',
        'staffEmail',
        'ledgerUrl',
      ])) as Record<string, unknown>;
    } catch (error) {
      if (NOTHING_MANAGED.test(errorText(error))) return NOTHING_SET;
      // Any other failure is not "no signing key": the caller keeps the last known rule.
      throw new ManagedUnreadable(errorText(error));
    }
    return {
      policyUrl: typeof raw.policyUrl === 'string' && raw.policyUrl.trim() ? raw.policyUrl.trim() : undefined,
      lockPolicyUrl: raw.lockPolicyUrl === true,
      // Set but unusable is a problem, never "no key": that would accept unsigned policies.
      signing: managedSigningKey(raw.policySigningKey ?? undefined, raw.policySigningKeyJwk ?? undefined),
      staffEmail:
        typeof raw.staffEmail === 'string' && isEmailAddress(normaliseEmail(raw.staffEmail))
          ? normaliseEmail(raw.staffEmail)
          : undefined,
      ledgerUrl: typeof raw.ledgerUrl === 'string' && raw.ledgerUrl.trim() ? raw.ledgerUrl.trim() : undefined,
    };
  }

  class ManagedUnreadable extends Error {}

  /**
   * Stored state with what IT decided laid over it, and the signing rule applied to the policy in
   * force. When managed storage could not be read (`managedRead` false), the stored URL lock and key
   * (the last ones known) stay, and nothing may change the policy until it can be read.
   */
  async function loadState(): Promise<{ state: PolicyState; managedUrl: string | undefined; managedRead: boolean }> {
    const stored = await readStored(POLICY_STATE);
    const state: PolicyState = { ...emptyPolicyState(), ...stored };
    let managed: ManagedConfig;
    try {
      managed = await managedConfig();
    } catch (error) {
      if (!(error instanceof ManagedUnreadable)) throw error;
      return { state: withSigningRule(state, Date.now()), managedUrl: undefined, managedRead: false };
    }
    const locked = Boolean(managed.policyUrl && managed.lockPolicyUrl);
    if (managed.policyUrl && (locked || !state.policyUrl)) state.policyUrl = managed.policyUrl;
    state.policyUrlLocked = locked;
    state.signingKey = managed.signing.key;
    state.signingKeyProblem = managed.signing.problem;
    // An ETag vouches for what one URL served under one signing rule: after IT changes either, the
    // next sync fetches in full, so a policy in force is never kept as "unchanged" without its signature.
    if (
      state.policyUrl !== (stored?.policyUrl ?? null) ||
      state.signingKey !== (stored?.signingKey ?? null) ||
      state.signingKeyProblem !== (stored?.signingKeyProblem ?? null)
    ) {
      state.etag = null;
    }
    return { state: withSigningRule(state, Date.now()), managedUrl: managed.policyUrl, managedRead: true };
  }


  /** The state for a change to the policy; refused while the rule IT set cannot be read. */
  async function loadStateForChange(): Promise<{ state: PolicyState; managedUrl: string | undefined }> {
    const loaded = await loadState();
    if (!loaded.managedRead) throw new Error(t('managedUnreadable'));
    return loaded;
  }

  async function saveState(state: PolicyState): Promise<PolicyState> {
    await store(POLICY_STATE, state);
    await scheduleSync(state.policy);
    return state;
  }

  /** Who the user is: the address IT set, else the one they typed (self-declared). */
  async function loadSettings(): Promise<Settings> {
    const managed = await managedConfig().catch((): ManagedConfig => NOTHING_SET);
    if (managed.staffEmail) return { selfEmail: managed.staffEmail, selfEmailLocked: true };
    const stored = await readStored(SETTINGS);
    return { selfEmail: typeof stored?.selfEmail === 'string' ? stored.selfEmail : '', selfEmailLocked: false };
  }

  // One policy change at a time: a sync from the alarm and a click on "Sync now" must not interleave
  // their reads and writes.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function runSync(): Promise<PolicyState> {
    return exclusive(async () => {
      const { state, managedUrl, managedRead } = await loadState();
      if (!managedRead) {
        const now = Date.now();
        return saveState({ ...state, lastSyncAt: now, lastError: { at: now, message: t('managedUnreadable') } });
      }
      const next = await syncFromUrl(state, {
        fetch: deps.fetch,
        now: Date.now,
        siteAccess: async (url) => {
          const origin = policyOrigin(url);
          return origin ? browser.permissions.contains({ origins: [origin] }) : null;
        },
        source: managedUrl && state.policyUrl === managedUrl ? 'managed-url' : 'url',
      });
      return saveState(next);
    });
  }

  /** Background syncs (install, start-up, alarm) say nothing when there is no URL to sync from. */
  async function syncIfConfigured(): Promise<void> {
    const { state } = await loadState();
    if (state.policyUrl) await runSync();
  }

  async function scheduleSync(policy: Policy | null): Promise<void> {
    const period = policy?.sync.refreshMinutes ?? 60;
    const existing = await browser.alarms.get(POLICY_SYNC_ALARM);
    if (existing?.periodInMinutes === period) return;
    await browser.alarms.create(POLICY_SYNC_ALARM, { delayInMinutes: period, periodInMinutes: period });
  }

  /** The state as pages and services see it: the ledger in force (IT's, or a signed policy's) laid over the stored policy. */
  async function shownState(state: PolicyState): Promise<PolicyState> {
    const managed = await managedConfig().catch((): ManagedConfig => NOTHING_SET);
    return withManagedLedger(state, managed.ledgerUrl);
  }

  async function currentPolicy(): Promise<Policy | null> {
    return (await shownState((await loadState()).state)).policy;
  }

  async function currentMe(): Promise<Me | null> {
    const [policy, settings] = await Promise.all([currentPolicy(), loadSettings()]);
    return resolveMe(policy, settings.selfEmail, identityOf(settings));
  }

  async function settingsWithMe(): Promise<SettingsWithMe> {
    const settings = await loadSettings();
    const me = resolveMe(await currentPolicy(), settings.selfEmail, identityOf(settings));
    return { ...settings, me: deps.identify ? await deps.identify(me) : me };
  }

  const handlers: Pick<Handlers<BackgroundProtocol>, PolicyMessages> = {
    async getPolicyState() {
      return shownState((await loadState()).state);
    },

    async syncPolicy() {
      return shownState(await runSync());
    },

    async setPolicyUrl({ url }) {
      const trimmed = String(url ?? '').trim();
      await exclusive(async () => {
        const { state } = await loadStateForChange();
        if (state.policyUrlLocked) throw new Error(t('policyUrlLocked'));
        if (trimmed) {
          const problem = checkPolicyUrl(trimmed);
          if (problem) throw new Error(problem);
        }
        const changed = trimmed !== (state.policyUrl ?? '');
        // A different server's ETag means nothing here.
        await saveState({ ...state, policyUrl: trimmed || null, etag: changed ? null : state.etag });
      });
      return shownState(trimmed ? await runSync() : (await loadState()).state);
    },

    async importPolicy({ text, fileName }) {
      const imported = await exclusive(async () => {
        const { state } = await loadStateForChange();
        return saveState(await importPolicyText(state, String(text), String(fileName), Date.now()));
      });
      return shownState(imported);
    },

    getSettings() {
      return settingsWithMe();
    },

    async setSettings({ selfEmail }) {
      if ((await loadSettings()).selfEmailLocked) {
        throw new Error(t('emailLocked'));
      }
      const email = normaliseEmail(String(selfEmail ?? ''));
      if (email && !isEmailAddress(email)) {
        throw new Error(t('notAnEmail', email));
      }
      const before = (await loadSettings()).selfEmail;
      await store(SETTINGS, { selfEmail: email });
      // Someone else now: nothing from now on goes up in the previous person's name.
      if (before && before !== email) await deps.personChanged?.(before);
      return settingsWithMe();
    },

    async detectContext() {
      const [settings, policy] = await Promise.all([loadSettings(), currentPolicy()]);
      return {
        selfEmails: [settings.selfEmail].filter(Boolean),
        firmDomains: firmDomains(policy),
        detectors: policy?.detectors ?? [],
      };
    },
  };

  /** Registers the sync triggers; call synchronously at service-worker start. */
  function start(): void {
    browser.runtime.onInstalled.addListener(() => void syncIfConfigured());
    browser.runtime.onStartup.addListener(() => void syncIfConfigured());
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === POLICY_SYNC_ALARM) void syncIfConfigured();
    });
    browser.storage.onChanged.addListener((_changes, area) => {
      // IT changed the URL or the key: apply it now rather than at the next alarm.
      if (area !== 'managed') return;
      managedCache = null;
      // Pages show what IT set (the ledger URL too) even when there is no policy URL to sync.
      announce('configChanged');
      void syncIfConfigured();
    });
  }

  return {
    handlers,
    start,
    currentPolicy,
    currentMe,
    onPolicyChange: (listener) => void policyListeners.push(listener),
    onDetectContextChange: (listener) => void contextListeners.push(listener),
  };
}

/** Verified only when IT set the address. */
function identityOf(settings: Settings): Identity {
  return settings.selfEmailLocked ? 'managed' : 'self-declared';
}
