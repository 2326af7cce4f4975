import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import type { Me } from '@/utils/people';
import type { Settings, SettingsWithMe } from '@/utils/settings';
import { firmDomains, resolveMe } from '@/utils/policy/staff';
import { checkPolicyUrl, emptyPolicyState, importPolicyText, syncFromUrl } from '@/utils/policy/sync';
import { policyOrigin } from '@/utils/access/site-access';
import type { Policy, PolicyState } from '@/utils/policy/types';
import { isEmailAddress, normaliseEmail } from '@/utils/people';

// The policy in force and who the user is. State lives in storage.local so every page (options, side
// panel) can read it and refresh on storage.onChanged; IT may fix the URL and the signing key through
// managed storage.

export const POLICY_STATE_KEY = 'policyState';
const SETTINGS_KEY = 'settings';
export const POLICY_SYNC_ALARM = 'policy-sync';

interface ManagedConfig {
  policyUrl?: string;
  lockPolicyUrl?: boolean;
  policySigningKey?: string;
}

// Reading managed storage can take seconds in Chromium; it only changes when IT pushes a change.
let managedCache: Promise<ManagedConfig> | null = null;
function managedConfig(): Promise<ManagedConfig> {
  managedCache ??= readManagedConfig();
  return managedCache;
}

async function readManagedConfig(): Promise<ManagedConfig> {
  try {
    // Absent in some browsers, and it rejects when no policy schema or admin policy is installed.
    const raw = (await browser.storage.managed.get(['policyUrl', 'lockPolicyUrl', 'policySigningKey'])) as Record<
      string,
      unknown
    >;
    return {
      policyUrl: typeof raw.policyUrl === 'string' && raw.policyUrl.trim() ? raw.policyUrl.trim() : undefined,
      lockPolicyUrl: raw.lockPolicyUrl === true,
      policySigningKey:
        typeof raw.policySigningKey === 'string' && raw.policySigningKey.trim() ? raw.policySigningKey.trim() : undefined,
    };
  } catch {
    return {};
  }
}

/** Stored state with what IT decided laid over it. */
async function loadState(): Promise<{ state: PolicyState; managedUrl: string | undefined }> {
  const stored = (await browser.storage.local.get(POLICY_STATE_KEY))[POLICY_STATE_KEY] as Partial<PolicyState> | undefined;
  const state: PolicyState = { ...emptyPolicyState(), ...stored };
  const managed = await managedConfig();
  const locked = Boolean(managed.policyUrl && managed.lockPolicyUrl);
  if (managed.policyUrl && (locked || !state.policyUrl)) state.policyUrl = managed.policyUrl;
  state.policyUrlLocked = locked;
  state.signingKey = managed.policySigningKey ?? null;
  // An ETag vouches for what one URL served under one signing rule: after IT changes either, the
  // next sync fetches in full, so a policy in force is never kept as "unchanged" without its signature.
  if (state.policyUrl !== (stored?.policyUrl ?? null) || state.signingKey !== (stored?.signingKey ?? null)) {
    state.etag = null;
  }
  return { state, managedUrl: managed.policyUrl };
}

async function saveState(state: PolicyState): Promise<PolicyState> {
  await browser.storage.local.set({ [POLICY_STATE_KEY]: state });
  await scheduleSync(state.policy);
  return state;
}

async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<Settings> | undefined;
  return { selfEmail: typeof stored?.selfEmail === 'string' ? stored.selfEmail : '' };
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
    const { state, managedUrl } = await loadState();
    const next = await syncFromUrl(state, {
      fetch: (input, init) => fetch(input, init),
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

export async function currentPolicy(): Promise<Policy | null> {
  return (await loadState()).state.policy;
}

export async function currentMe(): Promise<Me | null> {
  const [policy, settings] = await Promise.all([currentPolicy(), loadSettings()]);
  return resolveMe(policy, settings.selfEmail);
}

async function settingsWithMe(): Promise<SettingsWithMe> {
  const settings = await loadSettings();
  return { ...settings, me: resolveMe(await currentPolicy(), settings.selfEmail) };
}

type PolicyMessages =
  | 'getPolicyState'
  | 'syncPolicy'
  | 'setPolicyUrl'
  | 'importPolicy'
  | 'getSettings'
  | 'setSettings'
  | 'detectContext';

export const policyHandlers: Pick<Handlers<BackgroundProtocol>, PolicyMessages> = {
  async getPolicyState() {
    return (await loadState()).state;
  },

  syncPolicy() {
    return runSync();
  },

  async setPolicyUrl({ url }) {
    const trimmed = String(url ?? '').trim();
    await exclusive(async () => {
      const { state } = await loadState();
      if (state.policyUrlLocked) throw new Error('The policy URL is set by your organisation and cannot be changed here');
      if (trimmed) {
        const problem = checkPolicyUrl(trimmed);
        if (problem) throw new Error(problem);
      }
      const changed = trimmed !== (state.policyUrl ?? '');
      // A different server's ETag means nothing here.
      await saveState({ ...state, policyUrl: trimmed || null, etag: changed ? null : state.etag });
    });
    return trimmed ? runSync() : (await loadState()).state;
  },

  importPolicy({ text, fileName }) {
    return exclusive(async () => {
      const { state } = await loadState();
      return saveState(await importPolicyText(state, String(text), String(fileName), Date.now()));
    });
  },

  getSettings() {
    return settingsWithMe();
  },

  async setSettings({ selfEmail }) {
    const email = normaliseEmail(String(selfEmail ?? ''));
    if (email && !isEmailAddress(email)) {
      throw new Error(`"${email}" is not an email address`);
    }
    await browser.storage.local.set({ [SETTINGS_KEY]: { selfEmail: email } satisfies Settings });
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
export function startPolicySync(): void {
  browser.runtime.onInstalled.addListener(() => void syncIfConfigured());
  browser.runtime.onStartup.addListener(() => void syncIfConfigured());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_SYNC_ALARM) void syncIfConfigured();
  });
  browser.storage.onChanged.addListener((_changes, area) => {
    // IT changed the URL or the key: apply it now rather than at the next alarm.
    if (area !== 'managed') return;
    managedCache = null;
    void syncIfConfigured();
  });
}
