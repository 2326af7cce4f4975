import type { RaiseSuggestion, Suggestion, UnusedSuggestion } from '@/utils/dashboard/suggestions';
import { draftUrl } from '@/utils/editor/draft';
import { t, tp } from '@/utils/i18n';
import { count, describeMinutes, type Words } from './format';

// Authority suggestions: the limit that would have served clients on the first call, and limits
// that go unused; each opens the policy editor with that change as a draft, nothing applied.

export function raiseText(s: RaiseSuggestion, w: Words): string {
  const asked = tp('dashRaiseAsked', s.asked, w.role(s.role), w.remedy(s.remedyId), w.money(s.largest));
  const approved = s.approved === s.asked ? t('dashAllApproved') : t('dashSomeApproved', count(s.approved), count(s.asked));
  const wait = t('dashMedianWait', describeMinutes(s.medianWaitMinutes));
  const served =
    s.served === s.approved
      ? tp('dashWouldServe', s.servedClients, w.money(s.proposedLimit))
      : tp('dashWouldServeSome', s.servedClients, w.money(s.proposedLimit));
  return `${t('dashRaiseSentence', asked, approved, wait)} ${served}`;
}

export function unusedText(s: UnusedSuggestion, w: Words): string {
  return tp('dashUnused', s.occasions, w.role(s.role), w.money(s.currentLimit), w.money(s.draft.perIncident));
}

function Item(props: { suggestion: Suggestion; words: Words }) {
  const s = props.suggestion;
  const w = props.words;
  const text = s.kind === 'raise' ? raiseText(s, w) : unusedText(s, w);
  return (
    <li class="suggestion stack">
      <p>{text}</p>
      <p class="muted small">{t('dashToday', w.role(s.role), w.money(s.currentLimit))}</p>
      <p class="row no-print">
        <a
          class="button"
          href={draftUrl(s.draft)}
          target="_blank"
          rel="noopener"
          aria-label={t('dashTryLabel', w.role(s.role), w.money(s.draft.perIncident))}
        >
          {t('dashTryInEditor')}
        </a>
        {s.kind === 'unused' && (
          <a href={`playbook.html?role=${encodeURIComponent(s.role)}`} target="_blank" rel="noopener">
            {t('dashPlaybookOf', w.role(s.role))}
          </a>
        )}
      </p>
    </li>
  );
}

/** `suggestions`: null while the year before the period's end is read (a yearly cap counts it). */
export function SuggestionsSection(props: { suggestions: Suggestion[] | null; words: Words }) {
  return (
    <section class="card stack report-section" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">{t('dashSuggestHeading')}</h2>
      <p class="muted">{t('dashSuggestIntro')}</p>
      {props.suggestions === null ? (
        <p role="status">{t('dashReadingYear')}</p>
      ) : props.suggestions.length === 0 ? (
        <p>{t('dashSuggestNone')}</p>
      ) : (
        <ul class="suggestions" data-testid="suggestions">
          {props.suggestions.map((s) => (
            <Item key={`${s.kind}-${s.role}-${s.kind === 'raise' ? s.remedyId : ''}`} suggestion={s} words={props.words} />
          ))}
        </ul>
      )}
    </section>
  );
}
