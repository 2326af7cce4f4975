import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { didYouMean, type Me } from '@/utils/people';
import type { SettingsWithMe } from '@/utils/settings';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { describeLimits } from './format';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';


export function YouSection(props: { policy: Policy | null; policyVersion: string | null }) {
  const [email, setEmail] = useState<string | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [locked, setLocked] = useState(false);

  // Who I am depends on the policy in force: ask again when it changes.
  useEffect(() => {
    sendMessage('getSettings').then(
      (s: SettingsWithMe) => {
        setLocked(s.selfEmailLocked === true);
        setEmail((typed) => (s.selfEmailLocked ? s.selfEmail : (typed ?? s.selfEmail)));
        setMe(s.me);
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  }, [props.policyVersion]);

  async function save(event: Event, chosen = email ?? '') {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      const s = await sendMessage('setSettings', { selfEmail: chosen });
      setEmail(s.selfEmail);
      setMe(s.me);
      setSaved(true);
    } catch (error) {
      setProblem(errorText(error));
    }
  }

  const role = me?.role ? props.policy?.roles.find((r) => r.id === me.role) : undefined;
  const staff = props.policy?.staff ?? [];
  const meant = me && !me.role ? didYouMean(me.email, staff) : null;
  return (
    <section class="card stack" aria-labelledby="you-heading">
      <h2 id="you-heading">{t('youHeading')}</h2>
      <form class="stack" onSubmit={save}>
        <div class="field">
          <label for="self-email">{t('yourEmail')}</label>
          <input
            id="self-email"
            type="email"
            autoComplete="email"
            // Yourself from the firm's staff list, as you type.
            list={staff.length > 0 ? 'staff-emails' : undefined}
            value={email ?? ''}
            readOnly={locked}
            aria-describedby={locked ? 'self-email-locked' : undefined}
            onInput={(e) => {
              setEmail((e.currentTarget as HTMLInputElement).value);
              setSaved(false);
            }}
          />
          {staff.length > 0 && (
            <datalist id="staff-emails">
              {staff.map((s) => (
                <option key={s.email} value={s.email}>
                  {s.name}
                </option>
              ))}
            </datalist>
          )}
          {locked && (
            <p id="self-email-locked" class="muted">
              {t('setByOrganisation')}
            </p>
          )}
        </div>
        <div class="row">
          <button type="submit" disabled={locked}>
            {t('save')}
          </button>
          {saved && <span role="status">{t('saved')}</span>}
        </div>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {me && (!props.policy || role) && (
        <p data-testid="me">
          {!props.policy || !role ? (
            <>{t('meNoPolicy', me.email)}</>
          ) : (
            <>
              <strong>{me.name}</strong>, {t('meRoleLimits', role.label, describeLimits(role, props.policy))}
            </>
          )}
        </p>
      )}
      {me && props.policy && !role && (
        // Styled as the problem it is: with this address the panel can give nothing. Not an alert:
        // it is how things stand, not something that just happened.
        <p data-testid="me" class="notice notice-error">
          {t('meNotOnStaff', me.email)}
          {meant && (
            <>
              {' '}
              <button type="button" class="link" onClick={(e) => void save(e, meant.email)}>
                {t('didYouMean', meant.name, meant.email)}
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}
