import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

interface Props {
  busy: boolean;
  onSignIn(email: string, password: string): void;
}

/** Email, Password, Sign in: the person's ledger password, as in the extension's options. */
export function SignIn({ busy, onSignIn }: Props) {
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    onSignIn(email.trim().toLowerCase(), password);
  };
  return (
    <form class="stack" onSubmit={submit}>
      <p>{t('phoneSignInIntro')}</p>
      <div class="field">
        <label for={emailId}>{t('phoneEmail')}</label>
        <input id={emailId} type="email" autocomplete="username" inputMode="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={passwordId}>{t('phonePassword')}</label>
        <input
          id={passwordId}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
    </form>
  );
}
