import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { Me } from '@/utils/people';
import type { SettingsWithMe } from '@/utils/settings';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { describeLimits } from './format';
import { errorText } from '@/utils/error-text';

const NO_AUTHORITY = "not on the firm's staff list — you have no authority to give anything";

export function YouSection(props: { policy: Policy | null; policyVersion: string | null }) {
  const [email, setEmail] = useState<string | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // Who I am depends on the policy in force: ask again when it changes.
  useEffect(() => {
    sendMessage('getSettings').then(
      (s: SettingsWithMe) => {
        setEmail((typed) => typed ?? s.selfEmail);
        setMe(s.me);
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  }, [props.policyVersion]);

  async function save(event: Event) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      const s = await sendMessage('setSettings', { selfEmail: email ?? '' });
      setEmail(s.selfEmail);
      setMe(s.me);
      setSaved(true);
    } catch (error) {
      setProblem(errorText(error));
    }
  }

  const role = me?.role ? props.policy?.roles.find((r) => r.id === me.role) : undefined;
  return (
    <section class="card stack" aria-labelledby="you-heading">
      <h2 id="you-heading">You</h2>
      <form class="stack" onSubmit={save}>
        <div class="field">
          <label for="self-email">Your email</label>
          <input
            id="self-email"
            type="email"
            autoComplete="email"
            value={email ?? ''}
            onInput={(e) => {
              setEmail((e.currentTarget as HTMLInputElement).value);
              setSaved(false);
            }}
          />
        </div>
        <div class="row">
          <button type="submit">Save</button>
          {saved && <span role="status">Saved</span>}
        </div>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {me && (
        <p data-testid="me">
          {!props.policy ? (
            <>
              {me.email}: no policy is loaded yet, so you have no authority to give anything.
            </>
          ) : role ? (
            <>
              <strong>{me.name}</strong>, {role.label}: {describeLimits(role, props.policy)}
            </>
          ) : (
            <>
              {me.email}: {NO_AUTHORITY}
            </>
          )}
        </p>
      )}
    </section>
  );
}
