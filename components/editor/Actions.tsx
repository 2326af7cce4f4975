import { useState } from 'preact/hooks';
import { errorText } from '@/utils/error-text';
import type { PolicyState } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { messages, t, tp } from '@/utils/i18n';

// What happens to the policy once decided: a file to publish, or in force on this computer.

const STRINGS = messages({
  title: 'edActionsTitle',
  download: 'edActionsDownload',
  use: 'edActionsUse',
  blocked: (n: number) => tp('edBlocked', n),
  version: 'edActionsVersion',
  applied: (firm: string, version: string) => t('edApplied', firm, version),
  publish: 'edActionsPublish',
  playbook: 'edActionsPlaybook',
  syncs: (url: string) => t('edSyncs', url),
});

export function Actions(props: {
  text: string | null;
  problemCount: number;
  /** The policy in force here would refuse this one by its version. */
  versionProblem: boolean;
  /** The policy URL this computer syncs from, if any. */
  syncUrl: string | null;
  fileName: string;
  /** Saves the file (a download in the browser). */
  save(text: string, fileName: string): void;
  apply(text: string): Promise<PolicyState>;
}) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = props.text === null;

  async function use() {
    if (props.text === null) return;
    setBusy(true);
    try {
      const state = await props.apply(props.text);
      setResult(
        state.lastError || !state.policy
          ? { ok: false, message: state.lastError?.message ?? '' }
          : { ok: true, message: STRINGS.applied(state.policy.firm.name, state.policy.policyVersion) },
      );
    } catch (error) {
      setResult({ ok: false, message: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card stack" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{STRINGS.title}</h2>
      <div class="row">
        <button
          type="button"
          disabled={blocked}
          aria-describedby={blocked ? 'actions-blocked' : undefined}
          onClick={() => props.text !== null && props.save(props.text, props.fileName)}
        >
          {STRINGS.download}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={blocked || busy || props.versionProblem}
          aria-describedby={blocked ? 'actions-blocked' : props.versionProblem ? 'actions-version' : undefined}
          onClick={() => void use()}
        >
          {STRINGS.use}
        </button>
        <a href="playbook.html" target="_blank" rel="noopener">
          {STRINGS.playbook}
        </a>
      </div>
      {blocked && (
        <p id="actions-blocked" class="muted">
          {STRINGS.blocked(props.problemCount)}
        </p>
      )}
      {!blocked && props.versionProblem && (
        <p id="actions-version" class="muted">
          {STRINGS.version}
        </p>
      )}
      {props.syncUrl && <p class="muted">{STRINGS.syncs(props.syncUrl)}</p>}
      {result && <Notice kind={result.ok ? 'ok' : 'error'}>{result.message}</Notice>}
      <p class="muted">{STRINGS.publish}</p>
    </section>
  );
}
