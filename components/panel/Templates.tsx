import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy, Template } from '@/utils/policy/types';
import { LiveMessage } from './LiveMessage';
import { buildTemplateValues, renderTemplate, templateVariablesUsed, type TemplateValues } from '@/utils/templates';
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
}

/** The remedy a template speaks about: the latest granted one that uses it, else the latest granted. */
function remedyFor(policy: Policy, template: Template, granted: GrantedRemedy[]): GrantedRemedy | undefined {
  const usesTemplate = (g: GrantedRemedy) =>
    policy.remedies.find((r) => r.id === g.remedyId)?.template === template.id;
  return granted.findLast(usesTemplate) ?? granted.at(-1);
}

/**
 * Why a template cannot go to the client yet: it speaks of a remedy (amount, credit note) that has
 * not been granted, and would read "we have credited  to your account". Null when it is ready.
 */
function notReady(template: Template, values: TemplateValues): string | null {
  const used = templateVariablesUsed(`${template.subject}\n${template.body}`);
  const lacks = (name: keyof TemplateValues) => used.includes(name) && !values[name];
  if (lacks('amount') || lacks('remedy.label')) return t('fillsOnceGranted');
  if (lacks('creditNote.number')) return t('fillsOnceCreditNote');
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

/** Every template, filled in for this incident; the granted remedy's template first, ready ones next. */
export function Templates({ policy, me, incident, tabId, now }: Props) {
  const baseId = useId();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const granted = incident.remedies.filter((r) => r.status === 'granted');
  const latest = granted.at(-1);
  const featured = latest && policy.remedies.find((r) => r.id === latest.remedyId)?.template;
  const categoryLabel = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;

  const entries = policy.templates
    .map((template) => {
      const g = remedyFor(policy, template, granted);
      const values = buildTemplateValues({
        policy,
        clientName: incident.clientName,
        ...(incident.clientEmail ? { clientEmail: incident.clientEmail } : {}),
        ...(g ? { remedy: { label: g.label, amount: g.amount } } : {}),
        ...(g?.creditNoteNumber ? { creditNoteNumber: g.creditNoteNumber } : {}),
        staff: { name: me?.name ?? '', email: me?.email ?? '' },
        incident: { summary: incident.summary, categoryLabel },
        now: new Date(g?.grantedAt ?? now),
      });
      return { template, filled: renderTemplate(template, values), blocked: notReady(template, values) };
    })
    .sort(
      (a, b) =>
        Number(b.template.id === featured) - Number(a.template.id === featured) ||
        Number(a.blocked !== null) - Number(b.blocked !== null),
    );
  const opened = entries.find((e) => e.blocked === null)?.template.id;

  const show = (id: string, outcome: Outcome) => setOutcomes((o) => ({ ...o, [id]: outcome }));
  const failed = (id: string) => (e: unknown) =>
    show(id, { kind: 'error', text: errorText(e) });
  // The text is for the client: it goes only into an email to them unless the person says otherwise.
  const client = incident.clientEmail ? { email: incident.clientEmail, name: incident.clientName } : null;
  const insert = (id: string, filled: { subject: string; body: string }, anyway: boolean) => {
    if (tabId === null) return;
    sendMessage('insertIntoEmail', { tabId, ...filled, audience: { kind: 'client', client }, anyway }).then(
      (r) => show(id, { kind: r.ok ? 'ok' : 'warn', text: r.message, askAnyway: r.otherRecipients === true }),
      failed(id),
    );
  };

  return (
    <section class="card templates" aria-labelledby={`${baseId}-title`}>
      <h2 id={`${baseId}-title`}>{t('templates')}</h2>
      {tabId === null && <p class="muted small">{t('templatesNoMailTab')}</p>}
      {entries.map(({ template: tpl, filled, blocked }, i) => {
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
                    class={tpl.id === featured ? undefined : 'secondary'}
                    disabled={blocked !== null}
                    onClick={() => insert(tpl.id, filled, false)}
                  >
                    {t('insertIntoEmail')}
                  </button>
                )}
                <button
                  type="button"
                  // Without a mail tab to write into (a CRM record), Copy is the way the text goes out.
                  class={tabId === null && tpl.id === featured ? undefined : 'secondary'}
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
              </div>
            </div>
            <LiveMessage
              kind={outcome?.kind === 'warn' ? 'warn' : 'ok'}
              text={outcome && outcome.kind !== 'error' ? outcome.text : null}
            />
            <LiveMessage kind="error" text={outcome?.kind === 'error' ? outcome.text : null} />
            {outcome?.askAnyway && (
              <button type="button" class="secondary" onClick={() => insert(tpl.id, filled, true)}>
                {t('insertAnyway')}
              </button>
            )}
            {blocked ? (
              <p class="muted small">{blocked}</p>
            ) : (
              <details class="preview" open={tpl.id === opened}>
                <summary>{t('preview')}</summary>
                <p class="subject">
                  <span class="muted">{t('subjectLabel')}</span>
                  {filled.subject}
                </p>
                <p class="body">{filled.body}</p>
              </details>
            )}
          </section>
        );
      })}
    </section>
  );
}
