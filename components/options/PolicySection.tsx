import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { PolicyState } from '@/utils/policy/types';
import { policyOrigin } from '@/utils/access/site-access';
import { Notice } from '../ui/Notice';
import { requestSiteAccess } from './SiteAccess';
import { SOURCE_LABELS, describeLimits } from './format';
import { formatClock } from '@/utils/firm-time';
import { errorText } from '@/utils/error-text';

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
      setProblem(`Could not read ${file.name}: ${errorText(error)}`);
      return;
    }
    input.value = '';
    await run(() => sendMessage('importPolicy', { text, fileName: file.name }));
  }

  const policy = state?.policy ?? null;
  return (
    <section class="card stack" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Policy</h2>
      <form class="stack" onSubmit={syncNow}>
        <div class="field">
          <label for="policy-url">Policy URL</label>
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
              set by your organisation
            </p>
          )}
        </div>
        <div class="row">
          <button type="submit" disabled={busy}>
            Sync now
          </button>
          <label class="button secondary file-button">
            Import policy file
            <input type="file" accept=".json,.jws,application/json" class="visually-hidden" onChange={importFile} />
          </label>
          <a href="policy-editor.html" target="_blank" rel="noopener">
            Policy editor
          </a>
        </div>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {refusedHost && (
        <p class="muted" data-testid="policy-access">
          Access to {refusedHost} was not allowed, so the policy can only be read if that server allows it (CORS
          headers). Sync now asks again.
        </p>
      )}
      {busy && <p role="status">Syncing…</p>}
      <dl class="status" aria-label="Policy status">
        <dt>Firm</dt>
        <dd data-testid="firm-name">{policy?.firm.name ?? 'No policy yet'}</dd>
        <dt>Policy version</dt>
        <dd>{policy?.policyVersion ?? '—'}</dd>
        <dt>Last successful sync</dt>
        <dd>{state?.lastSuccessAt ? formatClock(state.lastSuccessAt, policy?.firm ?? null) : 'never'}</dd>
        <dt>Source</dt>
        <dd>{state?.source ? SOURCE_LABELS[state.source] : '—'}</dd>
        <dt>Signed policies</dt>
        <dd>{state?.signingKey ? 'required by your organisation' : 'not required'}</dd>
      </dl>
      {state?.lastError && (
        <Notice kind="error">
          Last error ({formatClock(state.lastError.at, policy?.firm ?? null)}): {state.lastError.message}
          {state.lastError.issues && state.lastError.issues.length > 0 && (
            <ul class="issues" aria-label="Every problem in the refused policy">
              {state.lastError.issues.map((issue, i) => (
                <li key={i}>{issue}</li>
              ))}
            </ul>
          )}
          {policy && (
            <>
              <br />
              The last good policy stays in force.
            </>
          )}
        </Notice>
      )}
      {policy && (
        <div>
          <h3>Roles and limits</h3>
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
