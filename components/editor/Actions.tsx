import { useState } from 'preact/hooks';
import { errorText } from '@/utils/error-text';
import type { PolicyState } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { messages, t, tp } from '@/utils/i18n';

// What happens to the policy once decided: a file to publish, or in force on this computer. The
// buttons stay in view in the editor's bar; a changed policy gets its newer version as it leaves
// the editor, and what to do next is listed once it has left, each step only when it applies.

const STRINGS = messages({
  title: 'edActionsTitle',
  download: 'edActionsDownload',
  use: 'edActionsUse',
  blocked: (n: number) => tp('edBlocked', n),
  raise: (inForce: string, next: string) => t('edVersionRaise', inForce, next),
  applied: (firm: string, version: string) => t('edApplied', firm, version),
  downloaded: (file: string, version: string) => t('edDownloaded', file, version),
  next: 'edNextTitle',
  sign: (file: string) => t('edNextSign', file),
  ledger: (file: string, url: string) => t('edNextLedger', file, url),
  publish: 'edActionsPublish',
  playbook: 'edActionsPlaybook',
  syncs: (url: string) => t('edSyncs', url),
});

/** The policy as it leaves the editor: its text and version (raised first when it had to be). */
export interface Shipped {
  text: string;
  version: string;
}

export function Actions(props: {
  /** The draft's text when it has nothing left to fix, else null. */
  text: string | null;
  problemCount: number;
  /** The draft differs from the policy in force under a version it would refuse: the one in force, and the one it leaves with. */
  version: { inForce: string; next: string } | null;
  /** The draft as it leaves: its version raised first when `version` says so. */
  ship(): Shipped | null;
  /** The policy URL this computer syncs from, if any. */
  syncUrl: string | null;
  /** This computer accepts only signed policies. */
  signingRequired: boolean;
  /** The firm ledger the draft names, if any. */
  ledgerUrl: string | null;
  fileName: string;
  /** Saves the file (a download in the browser). */
  save(text: string, fileName: string): void;
  apply(text: string): Promise<PolicyState>;
}) {
  const [result, setResult] = useState<{ ok: boolean; message: string; downloaded: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = props.text === null;

  function download() {
    const shipped = props.ship();
    if (!shipped) return;
    props.save(shipped.text, props.fileName);
    setResult({ ok: true, message: STRINGS.downloaded(props.fileName, shipped.version), downloaded: true });
  }

  async function use() {
    const shipped = props.ship();
    if (!shipped) return;
    setBusy(true);
    try {
      const state = await props.apply(shipped.text);
      setResult(
        state.lastError || !state.policy
          ? { ok: false, message: state.lastError?.message ?? '', downloaded: false }
          : { ok: true, message: STRINGS.applied(state.policy.firm.name, state.policy.policyVersion), downloaded: false },
      );
    } catch (error) {
      setResult({ ok: false, message: errorText(error), downloaded: false });
    } finally {
      setBusy(false);
    }
  }

  // Next steps, each only when it applies: a downloaded file is signed (where policies must be) and
  // published; a policy naming a firm ledger is set up on its server, however it was put in force.
  const steps: string[] = [];
  if (result?.ok) {
    if (result.downloaded && props.signingRequired) steps.push(STRINGS.sign(props.fileName));
    if (props.ledgerUrl) steps.push(STRINGS.ledger(props.fileName, props.ledgerUrl));
    if (result.downloaded) steps.push(STRINGS.publish);
  }

  return (
    <section class="actions stack" aria-labelledby="actions-heading">
      <h2 id="actions-heading" class="visually-hidden">
        {STRINGS.title}
      </h2>
      <div class="row">
        <button
          type="button"
          disabled={blocked}
          aria-describedby={blocked ? 'actions-blocked' : props.version ? 'actions-version' : undefined}
          onClick={download}
        >
          {STRINGS.download}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={blocked || busy}
          aria-describedby={blocked ? 'actions-blocked' : props.version ? 'actions-version' : undefined}
          onClick={() => void use()}
        >
          {STRINGS.use}
        </button>
        <a href="playbook.html?source=draft" target="_blank" rel="noopener">
          {STRINGS.playbook}
        </a>
      </div>
      {blocked && (
        <p id="actions-blocked" class="muted small">
          {STRINGS.blocked(props.problemCount)}
        </p>
      )}
      {!blocked && props.version && (
        <p id="actions-version" class="small">
          {STRINGS.raise(props.version.inForce, props.version.next)}
        </p>
      )}
      {props.syncUrl && <p class="muted small">{STRINGS.syncs(props.syncUrl)}</p>}
      {result && <Notice kind={result.ok ? 'ok' : 'error'}>{result.message}</Notice>}
      {steps.length > 0 && (
        <div class="next-steps">
          <h3>{STRINGS.next}</h3>
          <ol>
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
