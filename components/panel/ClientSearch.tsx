import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { ClientRef } from '@/utils/ledger/types';
import { LiveMessage } from './LiveMessage';
import { fromRef, fromTypedEmail, type PanelClient } from './panel-client';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';
import { useAnswer } from './use-answer';

interface Props {
  onPick(client: PanelClient): void;
}

/** When no client is on screen: find one in the ledger, or type an email address. */
export function ClientSearch({ onPick }: Props) {
  const inputId = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ClientRef[]>([]);
  const [error, setError] = useState<string | null>(null);

  const q = query.trim();
  useAnswer(
    q ? () => sendMessage('searchClients', { query: q }) : null,
    (found) => {
      setResults(found);
      setError(null);
    },
    setError,
    [query],
    // A short pause so typing a name does not send a query per keystroke.
    { delayMs: 150 },
  );

  const typed = fromTypedEmail(query);
  const typedIsListed = typed && results.some((r) => r.clientKey === typed.clientKey);

  return (
    <form
      class="client-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const first = results[0];
        if (first) onPick(fromRef(first));
        else if (typed) onPick(typed);
      }}
    >
      <p class="muted">{t('noClientDetected')}</p>
      <label for={inputId}>{t('findClient')}</label>
      <input
        id={inputId}
        type="search"
        autocomplete="off"
        placeholder={t('nameOrEmail')}
        value={query}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setQuery(value);
          if (!value.trim()) setResults([]);
        }}
      />
      <LiveMessage kind="error" text={error} />
      {(results.length > 0 || typed) && (
        <ul class="pick-list" aria-label={t('matchingClients')}>
          {results.map((r) => (
            <li key={r.clientKey}>
              <button type="button" class="secondary pick" onClick={() => onPick(fromRef(r))}>
                <span class="pick-name">{r.name}</span>
                {r.email && r.email !== r.name && <span class="muted">{r.email}</span>}
              </button>
            </li>
          ))}
          {typed && !typedIsListed && (
            <li>
              <button type="button" class="secondary pick" onClick={() => onPick(typed)}>
                {t('useEmail', typed.email ?? typed.name)}
              </button>
            </li>
          )}
        </ul>
      )}
    </form>
  );
}
