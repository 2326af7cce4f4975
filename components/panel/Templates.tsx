import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy, Template } from '@/utils/policy/types';
import { LiveMessage } from './LiveMessage';
import { mailtoUrl } from './approval-email';
import {
  buildTemplateValues,
  remediesSentence,
  renderTemplate,
  templateFits,
  templateVariablesUsed,
  type GivenRemedy,
  type TemplateValues,
  type TemplateVariable,
} from '@/utils/templates';
import { firstNameOf } from '@/utils/people';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

interface Props {
  policy: Policy;
  me: Me | null;
  incident: Incident;
  /** The mail tab whose compose window receives "Insert into email"; null when there is none (a CRM record). */
  tabId: number | null;
  now: number;
}

interface Outcome {
  /** `warn`: the insert did not happen (say, no compose window); `error`: it failed. */
  kind: 'ok' | 'warn' | 'error';
  text: string;
  /** The open email is addressed to someone else: the person may insert into it anyway. */
  askAnyway?: boolean;
  /** The email kept its own subject (a reply's "Re: …"): the person may set the template's instead. */
  subjectKept?: string;
}

/** The remedy a template speaks about: the latest granted one that uses it, else the latest granted. */
function remedyFor(policy: Policy, template: Template, granted: GrantedRemedy[]): GrantedRemedy | undefined {
  const usesTemplate = (g: GrantedRemedy) =>
    policy.remedies.find((r) => r.id === g.remedyId)?.template === template.id;
  return granted.findLast(usesTemplate) ?? granted.findLast((g) => g.kind !== 'apology') ?? granted.at(-1);
}

/**
 * Why a fitting template cannot go to the client yet: a credit note with no numbered credit given,
 * or "what we are doing" not written. Null when it is ready.
 */
function notReady(template: Template, values: TemplateValues): string | null {
  const used = templateVariablesUsed(`${template.subject}\n${template.body}`);
  if (used.includes('creditNote.number') && !values['creditNote.number']) return t('fillsOnceCreditNote');
  if (used.includes('actions') && !values.actions) return t('actionsMissing');
  return null;
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The clipboard API can be refused (no focus, Firefox sidebar); a selected textarea still copies.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error(t('copyRefused'));
  }
}

/**
 * The templates that fit what was given, filled in for this incident, the granted remedy's first.
 * Who each gift is for and what we are doing to put it right are asked here, and every text can be
 * edited before it goes in.
 */
export function Templates({ policy, me, incident, tabId, now }: Props) {
  const baseId = useId();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  // Who each gift goes to when not the client, by grant id, as the letter says it ("your mother").
  const [recipients, setRecipients] = useState<Record<string, string>>({});
  const [actionsText, setActionsText] = useState<string | null>(null);
  // The person's own wording, by template id; kept until they reset it.
  const [edits, setEdits] = useState<Record<string, { subject: string; body: string }>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const granted = incident.remedies.filter((r) => r.status === 'granted');
  const given: GivenRemedy[] = granted.map((g) => ({
    remedyId: g.remedyId,
    label: g.label,
    kind: g.kind,
    amount: g.amount,
    ...(recipients[g.id]?.trim() ? { for: recipients[g.id]!.trim() } : {}),
  }));
  const latest = granted.findLast((g) => g.kind !== 'apology') ?? granted.at(-1);
  const featured = latest && policy.remedies.find((r) => r.id === latest.remedyId)?.template;
  const categoryLabel = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;
  const firstName = firstNameOf(incident.clientName, incident.clientEmail);
  // What we are doing: by default what was given, until the person writes it.
  const actions = actionsText ?? remediesSentence(policy, given);

  const fitting = policy.templates.filter((tpl) => templateFits(policy, tpl, given));
  const usesVariable = (name: TemplateVariable) =>
    fitting.some((tpl) => templateVariablesUsed(`${tpl.subject}\n${tpl.body}`).includes(name));
  const gifts = usesVariable('gifts') ? granted.filter((g) => g.kind === 'gift') : [];

  const entries = fitting
    .map((template) => {
      const g = remedyFor(policy, template, granted);
      const values = buildTemplateValues({
        policy,
        clientName: incident.clientName,
        ...(incident.clientEmail ? { clientEmail: incident.clientEmail } : {}),
        ...(g ? { remedy: { label: g.label, amount: g.amount, remedyId: g.remedyId, kind: g.kind } } : {}),
        ...(g?.creditNoteNumber ? { creditNoteNumber: g.creditNoteNumber } : {}),
        staff: { name: me?.name ?? '', email: me?.email ?? '' },
        incident: { summary: incident.summary, categoryLabel },
        given,
        actions,
        now: new Date(g?.grantedAt ?? now),
      });
      const rendered = renderTemplate(template, values);
      return { template, rendered, filled: edits[template.id] ?? rendered, blocked: notReady(template, values) };
    })
    .sort(
      (a, b) =>
        Number(b.template.id === featured) - Number(a.template.id === featured) ||
        Number(a.blocked !== null) - Number(b.blocked !== null),
    );
  const opened = entries.find((e) => e.blocked === null)?.template.id;
  // The one main button: the granted remedy's template, else the first that is ready.
  const main = entries.some((e) => e.template.id === featured && e.blocked === null) ? featured : opened;
  const firstUsing = (name: TemplateVariable) =>
    entries.find((e) => templateVariablesUsed(`${e.template.subject}\n${e.template.body}`).includes(name))?.template.id;
  const giftsAt = gifts.length > 0 ? firstUsing('gifts') : undefined;
  const actionsAt = firstUsing('actions');

  // Asked once, in the first template that uses them.
  const giftFields = (
    <>
      {gifts.map((g) => (
        <div key={g.id} class="field">
          <label for={`${baseId}-for-${g.id}`}>{t('giftForWhom', g.label)}</label>
          <input
            id={`${baseId}-for-${g.id}`}
            type="text"
            maxLength={100}
            autocomplete="off"
            placeholder={t('giftForPlaceholder', firstName || t('theClient'))}
            aria-describedby={`${baseId}-for-hint`}
            value={recipients[g.id] ?? ''}
            onInput={(e) => setRecipients((r) => ({ ...r, [g.id]: e.currentTarget.value }))}
          />
        </div>
      ))}
      <p id={`${baseId}-for-hint`} class="muted small">
        {t('giftForHint')}
      </p>
    </>
  );
  const actionsField = (
    <div class="field">
      <label for={`${baseId}-actions`}>{t('actionsLabel')}</label>
      <input
        id={`${baseId}-actions`}
        type="text"
        maxLength={300}
        autocomplete="off"
        placeholder={t('actionsPlaceholder')}
        value={actions}
        onInput={(e) => setActionsText(e.currentTarget.value)}
      />
    </div>
  );

  const show = (id: string, outcome: Outcome) => setOutcomes((o) => ({ ...o, [id]: outcome }));
  const failed = (id: string) => (e: unknown) =>
    show(id, { kind: 'error', text: errorText(e) });
  // The text is for the client: it goes only into an email to them unless the person says otherwise.
  const client = incident.clientEmail ? { email: incident.clientEmail, name: incident.clientName } : null;
  const insert = (id: string, filled: { subject: string; body: string }, how: { anyway?: boolean; setSubject?: boolean } = {}) => {
    if (tabId === null) return;
    const request = { ...filled, audience: { kind: 'client' as const, client }, anyway: how.anyway === true, setSubject: how.setSubject === true };
    sendMessage('insertIntoEmail', { tabId, ...request }).then(
      (r) =>
        show(id, {
          kind: r.ok ? 'ok' : 'warn',
          text: r.message,
          askAnyway: r.otherRecipients === true,
          ...(r.subjectKept ? { subjectKept: r.subjectKept } : {}),
        }),
      failed(id),
    );
  };

  return (
    <section class="card templates" aria-labelledby={`${baseId}-title`}>
      <h2 id={`${baseId}-title`}>{t('templates')}</h2>
      {tabId === null && <p class="muted small">{t(client ? 'templatesNoMailTabNewEmail' : 'templatesNoMailTab')}</p>}
      {entries.length === 0 && <p class="muted small">{t('noTemplateFits')}</p>}
      {entries.map(({ template: tpl, rendered, filled, blocked }, i) => {
        const titleId = `${baseId}-${i}`;
        const outcome = outcomes[tpl.id];
        return (
          <section key={tpl.id} class="template" aria-labelledby={titleId}>
            <div class="section-head">
              <h3 id={titleId}>{tpl.label}</h3>
              <div class="row">
                {tabId !== null && (
                  <button
                    type="button"
                    class={tpl.id === main ? undefined : 'secondary'}
                    disabled={blocked !== null}
                    onClick={() => insert(tpl.id, filled, { anyway: false })}
                  >
                    {t('insertIntoEmail')}
                  </button>
                )}
                <button
                  type="button"
                  // Without a mail tab to write into (a CRM record), Copy is the way the text goes out.
                  class={tabId === null && tpl.id === main ? undefined : 'secondary'}
                  disabled={blocked !== null}
                  onClick={() => {
                    copyText(filled.body).then(
                      () => show(tpl.id, { kind: 'ok', text: t('copied') }),
                      failed(tpl.id),
                    );
                  }}
                >
                  {t('copy')}
                </button>
                {tabId === null && client && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={blocked !== null}
                    onClick={() => {
                      window.open(mailtoUrl({ to: [client], ...filled }), '_blank');
                      show(tpl.id, { kind: 'ok', text: t('newEmailOpen', client.name, client.email) });
                    }}
                  >
                    {t('newEmail')}
                  </button>
                )}
              </div>
            </div>
            {tpl.id === giftsAt && giftFields}
            {tpl.id === actionsAt && actionsField}
            <LiveMessage
              kind={outcome?.kind === 'warn' ? 'warn' : 'ok'}
              text={outcome && outcome.kind !== 'error' ? outcome.text : null}
            />
            <LiveMessage kind="error" text={outcome?.kind === 'error' ? outcome.text : null} />
            {outcome?.askAnyway && (
              <button type="button" class="secondary" onClick={() => insert(tpl.id, filled, { anyway: true })}>
                {t('insertAnyway')}
              </button>
            )}
            {outcome?.subjectKept && filled.subject && (
              <div class="subject-kept">
                <p class="muted small">{t('subjectKeptNote', outcome.subjectKept)}</p>
                <button type="button" class="secondary small" onClick={() => insert(tpl.id, filled, { anyway: true, setSubject: true })}>
                  {t('setSubjectButton', filled.subject)}
                </button>
              </div>
            )}
            {blocked ? (
              <p class="muted small">{blocked}</p>
            ) : editing === tpl.id ? (
              <div class="edit-text">
                <label for={`${titleId}-subject`}>{t('subjectField')}</label>
                <input
                  id={`${titleId}-subject`}
                  type="text"
                  value={filled.subject}
                  onInput={(e) => setEdits((x) => ({ ...x, [tpl.id]: { ...filled, subject: e.currentTarget.value } }))}
                />
                <label for={`${titleId}-body`}>{t('textField')}</label>
                <textarea
                  id={`${titleId}-body`}
                  rows={10}
                  value={filled.body}
                  onInput={(e) => setEdits((x) => ({ ...x, [tpl.id]: { ...filled, body: e.currentTarget.value } }))}
                />
                <div class="row">
                  <button type="button" class="secondary small" onClick={() => setEditing(null)}>
                    {t('doneEditing')}
                  </button>
                  {edits[tpl.id] && (
                    <button
                      type="button"
                      class="secondary small"
                      onClick={() => setEdits(({ [tpl.id]: _, ...rest }) => rest)}
                    >
                      {t('backToTemplate')}
                    </button>
                  )}
                </div>
              </div>
            ) : (
              <details class="preview" open={tpl.id === opened || edits[tpl.id] !== undefined}>
                <summary>{edits[tpl.id] ? t('previewEdited') : t('preview')}</summary>
                <p class="subject">
                  <span class="muted">{t('subjectLabel')}</span>
                  {filled.subject}
                </p>
                <p class="body">{filled.body}</p>
                <button type="button" class="link small" onClick={() => setEditing(tpl.id)}>
                  {t('editText')}
                </button>
                {edits[tpl.id] && edits[tpl.id]!.body !== rendered.body && (
                  <span class="muted small"> · {t('wordingKept')}</span>
                )}
              </details>
            )}
          </section>
        );
      })}
    </section>
  );
}
