import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onPageEvent, sendMessage } from '@/utils/browser/messaging';
import { ledgerHost, ledgerOriginPattern, statusText, type LedgerStatus } from '@/utils/firm-ledger/connection';
import type { ComponentChildren } from 'preact';
import type { Policy, PolicyState } from '@/utils/policy/types';
import type { Me } from '@/utils/people';
import { isApproverRole } from '@/utils/authority';
import { AwayControl } from '../panel/AwayControl';
import { errorText } from '@/utils/error-text';
import { Notice } from '../ui/Notice';
import { requestSiteAccess } from './SiteAccess';
import { formatClock } from '@/utils/firm-time';
import { useLedgerPort } from '../ui/use-ledger-port';
import { t } from '@/utils/i18n';

/** storage.local key the background rewrites on every change of the connection. */

/** Options → Firm ledger: the firm's CouchDB, signing in to it as Your email, and how it stands. */
export function LedgerSection(props: {
  policy: Policy | null;
  managed: PolicyState['managedLedger'];
  /** The ledger an unsigned policy names, not used (utils/policy/managed-ledger.ts). */
  unsigned?: string | null;
}) {
  const url = props.policy?.ledger?.url ?? null;
  const { managed, unsigned } = props;
  // IT's URL, when the extension may not use it, and the ledger an unsigned policy may not choose:
  // said, with the ledger in force (if any).
  const refused =
    managed?.problem || unsigned ? (
      <>
        {managed?.problem && <Notice kind="error">{t('ledgerUrlManagedRefused', managed.url, managed.problem)}</Notice>}
        {unsigned && (
          <Notice kind="error">
            <span data-testid="ledger-unsigned">{t('ledgerUrlUnsigned', unsigned)}</span>
          </Notice>
        )}
      </>
    ) : null;
  if (!url) {
    return refused && (
      <section class="card stack" aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t('ledgerHeading')}</h2>
        {refused}
      </section>
    );
  }
  return (
    <LedgerConnection url={url} setByIt={managed?.problem === null} refused={refused} policy={props.policy!} />
  );
}

function LedgerConnection(props: { url: string; setByIt: boolean; refused: ComponentChildren; policy: Policy }) {
  const { url, policy } = props;
  const { policyVersion, firm } = policy;
  // One clock on the page: the firm's, named, as the policy's "Last successful sync".
  const when = (ms: number) => formatClock(ms, firm);
  const [status, setStatus] = useState<LedgerStatus | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  useLedgerPort();

  // Who signs in: an approver also marks themselves away here, as in the panel's Approvals tab.
  useEffect(() => {
    sendMessage('getSettings').then((settings) => setMe(settings.me), () => setMe(null));
  }, [policyVersion, status?.user]);

  useEffect(() => {
    const refresh = () => sendMessage('getLedgerStatus').then(setStatus, (e: unknown) => setProblem(errorText(e)));
    void refresh();
    const stops = [onPageEvent('ledgerStatus', () => void refresh()), onPageEvent('configChanged', () => void refresh())];
    return () => stops.forEach((stop) => stop());
  }, [policyVersion, url]);

  function signIn(event: Event) {
    event.preventDefault();
    // Asked inside the click: the browser shows the prompt only during the user's gesture.
    const access = requestSiteAccess([ledgerOriginPattern(url)]);
    setBusy(true);
    setProblem(null);
    void (async () => {
      try {
        await access;
        setStatus(await sendMessage('ledgerSignIn', { password }));
        setPassword('');
      } catch (error) {
        setProblem(errorText(error));
      } finally {
        setBusy(false);
      }
    })();
  }

  async function signOut() {
    setProblem(null);
    try {
      setStatus(await sendMessage('ledgerSignOut'));
    } catch (error) {
      setProblem(errorText(error));
    }
  }

  const signedIn = status !== null && (status.state === 'connected' || status.state === 'connecting' || status.state === 'offline');
  return (
    <>
    <section class="card stack" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('ledgerHeading')}</h2>
      <dl class="status" aria-label={t('ledgerHeading')}>
        <dt>{t('ledgerUrl')}</dt>
        <dd data-testid="ledger-url">
          {url}
          {props.setByIt && <span class="muted"> · {t('setByOrganisationLower')}</span>}
        </dd>
        <dt>{t('ledgerUser')}</dt>
        <dd>{status?.user ?? t('ledgerUserDefault')}</dd>
        <dt>{t('status')}</dt>
        <dd data-testid="ledger-status" role="status">
          {status ? statusText(status, when) : '…'}
        </dd>
        {status?.lastSyncedAt != null && (
          <>
            <dt>{t('ledgerLastCaughtUp')}</dt>
            <dd>{when(status.lastSyncedAt)}</dd>
          </>
        )}
      </dl>
      {props.refused}
      {!signedIn && (
        <form class="stack" onSubmit={signIn}>
          <div class="field">
            <label for="ledger-password">{t('ledgerPassword')}</label>
            <input
              id="ledger-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="row">
            <button type="submit" disabled={busy || !status?.user}>
              {status?.signedInTo ? t('signInTo', ledgerHost(url)) : t('signIn')}
            </button>
          </div>
        </form>
      )}
      {signedIn && (
        <div class="row">
          <button type="button" class="secondary" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      )}
      {status?.serverPolicyVersion && status.serverPolicyVersion !== policyVersion && (
        <Notice kind="info">{t('ledgerRulesBehind', status.serverPolicyVersion, policyVersion)}</Notice>
      )}
      {busy && <p role="status">{t('signingIn')}</p>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {status?.lastError && !problem && (
        <Notice kind="error">
          {t('lastError', when(status.lastError.at), status.lastError.message)}
        </Notice>
      )}
    </section>
    {signedIn && me && isApproverRole(policy, me.role) && <AwayControl policy={policy} me={me} now={Date.now()} />}
    </>
  );
}
