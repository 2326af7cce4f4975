import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { PolicyState } from '@/utils/policy/types';
import { policyOrigin } from '@/utils/access/site-access';
import { Notice } from '../ui/Notice';
import { requestSiteAccess } from './SiteAccess';
import { SOURCE_LABELS, describeLimits } from './format';
import { formatClock } from '@/utils/firm-time';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

export function PolicySection(props: { state: PolicyState | null; onState: (state: PolicyState) => void }) {
  const { state, onState } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusedHost, setRefusedHost] = useState<string | null>(null);

  // The typed URL is kept as typed; the stored one only fills an input the user has not touched.
  const shownUrl = state?.policyUrlLocked ? (state.policyUrl ?? '') : (url ?? state?.policyUrl ?? '');
  useEffect(() => {
    if (state?.policyUrlLocked) setUrl(null);
  }, [state?.policyUrlLocked]);

  async function run(task: () => Promise<PolicyState>) {
    setBusy(true);
    setProblem(null);
    try {
      onState(await task());
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  function syncNow(event: Event) {
    event.preventDefault();
    const typed = shownUrl.trim();
    // Access to the policy's server lets the background read it even when the server sends no CORS
    // headers. Asked inside the click (the browser requires the gesture); a refusal still syncs.
    const origin = policyOrigin(typed);
    const access = origin ? requestSiteAccess([origin]) : Promise.resolve(true);
    void run(async () => {
      setRefusedHost((await access) || !origin ? null : new URL(typed).host);
      // Compared with what is stored, so a click before the state arrives still saves the typed URL.
      return !state?.policyUrlLocked && typed !== (state?.policyUrl ?? '')
        ? sendMessage('setPolicyUrl', { url: typed })
        : sendMessage('syncPolicy');
    });
  }

  async function importFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      // The typed URL and the policy in force stay as they are; only the file could not be read.
      input.value = '';
      setProblem(t('couldNotRead', file.name, errorText(error)));
      return;
    }
    input.value = '';
    await run(() => sendMessage('importPolicy', { text, fileName: file.name }));
  }

  const policy = state?.policy ?? null;
  // A signing key IT set that cannot be read: said once, in words, above any refusal it caused.
  const keyProblem = state?.signingKeyProblem ? t('signingKeyProblem', state.signingKeyProblem) : null;
  return (
    <section class="card stack" aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t('policyHeading')}</h2>
      <form class="stack" onSubmit={syncNow}>
        <div class="field">
          <label for="policy-url">{t('policyUrl')}</label>
          <input
            id="policy-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://intranet.example.com/make-it-right/policy.json"
            value={shownUrl}
            readOnly={state?.policyUrlLocked ?? false}
            aria-describedby={state?.policyUrlLocked ? 'policy-url-locked' : undefined}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
          {state?.policyUrlLocked && (
            <p id="policy-url-locked" class="muted">
              {t('setByOrganisationLower')}
            </p>
          )}
        </div>
        <div class="row">
          <button type="submit" disabled={busy}>
            {t('syncNow')}
          </button>
          <label class="button secondary file-button">
            {t('importPolicyFile')}
            <input type="file" accept=".json,.jws,application/json" class="visually-hidden" onChange={importFile} />
          </label>
          <a href="policy-editor.html" target="_blank" rel="noopener">
            {t('policyEditorLink')}
          </a>
          <a href="dashboard.html" target="_blank" rel="noopener">
            {t('dashboardLink')}
          </a>
        </div>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {refusedHost && (
        <p class="muted" data-testid="policy-access">
          {t('accessRefused', refusedHost)}
        </p>
      )}
      {busy && <p role="status">{t('syncing')}</p>}
      <dl class="status" aria-label={t('policyStatus')}>
        <dt>{t('firm')}</dt>
        <dd data-testid="firm-name">{policy?.firm.name ?? t('noPolicyShort')}</dd>
        <dt>{t('policyVersion')}</dt>
        <dd>{policy?.policyVersion ?? '—'}</dd>
        <dt>{t('lastSuccessfulSync')}</dt>
        <dd>{state?.lastSuccessAt ? formatClock(state.lastSuccessAt, policy?.firm ?? null) : t('never')}</dd>
        <dt>{t('source')}</dt>
        <dd>{state?.source ? t(SOURCE_LABELS[state.source]) : '—'}</dd>
        <dt>{t('signedPolicies')}</dt>
        <dd data-testid="signing-rule">
          {state?.signingKey || state?.signingKeyProblem ? t('signedRequired') : t('signedNotRequired')}
        </dd>
      </dl>
      {keyProblem && (
        <Notice kind="error">
          <span data-testid="signing-key-problem">{keyProblem}</span>
        </Notice>
      )}
      {state?.lastError && state.lastError.message !== keyProblem && (
        <Notice kind="error">
          {t('lastError', formatClock(state.lastError.at, policy?.firm ?? null), state.lastError.message)}
          {state.lastError.issues && state.lastError.issues.length > 0 && (
            <ul class="issues" aria-label={t('refusedPolicyProblems')}>
              {state.lastError.issues.map((issue, i) => (
                <li key={i}>{issue}</li>
              ))}
            </ul>
          )}
          {policy && (
            <>
              <br />
              {t('lastGoodStays')}
            </>
          )}
        </Notice>
      )}
      {policy && (
        <div>
          <h3>{t('rolesAndLimits')}</h3>
          <ul class="limits">
            {policy.roles.map((role) => (
              <li key={role.id}>
                <strong>{role.label}</strong>: {describeLimits(role, policy)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
