import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/messages';
import type { Policy, Template } from '@/utils/policy/types';
import { buildTemplateValues, renderTemplate } from '@/utils/templates';
import type { PanelClient } from './panel-client';

interface Props {
  policy: Policy;
  me: Me | null;
  client: PanelClient;
  incident: Incident | null;
  /** The tab whose compose window receives "Insert into email"; null when there is none. */
  tabId: number | null;
  now: number;
}

interface Outcome {
  ok: boolean;
  text: string;
}

/** The remedy a template speaks about: the latest granted one that uses it, else the latest granted. */
function remedyFor(policy: Policy, template: Template, granted: GrantedRemedy[]): GrantedRemedy | undefined {
  const usesTemplate = (g: GrantedRemedy) =>
    policy.remedies.find((r) => r.id === g.remedyId)?.template === template.id;
  return granted.findLast(usesTemplate) ?? granted.at(-1);
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
    if (!copied) throw new Error('The browser refused to copy; select the preview and copy it by hand');
  }
}

/** Every template, filled in for this client and incident; the granted remedy's template first. */
export function Templates({ policy, me, client, incident, tabId, now }: Props) {
  const baseId = useId();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const granted = incident?.remedies.filter((r) => r.status === 'granted') ?? [];
  const latest = granted.at(-1);
  const featured = latest && policy.remedies.find((r) => r.id === latest.remedyId)?.template;
  const templates = [...policy.templates].sort(
    (a, b) => Number(b.id === featured) - Number(a.id === featured),
  );
  const categoryLabel = incident
    ? (policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category)
    : '';

  const show = (id: string, outcome: Outcome) => setOutcomes((o) => ({ ...o, [id]: outcome }));

  return (
    <section class="card templates" aria-labelledby={`${baseId}-title`}>
      <h2 id={`${baseId}-title`}>Templates</h2>
      {templates.map((t, i) => {
        const g = remedyFor(policy, t, granted);
        const filled = renderTemplate(
          t,
          buildTemplateValues({
            policy,
            clientName: incident?.clientName ?? client.name,
            ...((incident?.clientEmail ?? client.email)
              ? { clientEmail: incident?.clientEmail ?? client.email }
              : {}),
            ...(g ? { remedy: { label: g.label, amount: g.amount } } : {}),
            ...(g?.creditNoteNumber ? { creditNoteNumber: g.creditNoteNumber } : {}),
            staff: { name: me?.name ?? '', email: me?.email ?? '' },
            ...(incident ? { incident: { summary: incident.summary, categoryLabel } } : {}),
            now: new Date(g?.grantedAt ?? now),
          }),
        );
        const titleId = `${baseId}-${i}`;
        const outcome = outcomes[t.id];
        return (
          <section key={t.id} class="template" aria-labelledby={titleId}>
            <div class="section-head">
              <h3 id={titleId}>{t.label}</h3>
              <div class="row">
                <button
                  type="button"
                  class={t.id === featured ? undefined : 'secondary'}
                  disabled={tabId === null}
                  onClick={() => {
                    if (tabId === null) return;
                    sendMessage('insertIntoEmail', { tabId, ...filled }).then(
                      (r) => show(t.id, { ok: r.ok, text: r.message }),
                      (e: unknown) => show(t.id, { ok: false, text: e instanceof Error ? e.message : String(e) }),
                    );
                  }}
                >
                  Insert into email
                </button>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    copyText(filled.body).then(
                      () => show(t.id, { ok: true, text: 'Copied the text to the clipboard.' }),
                      (e: unknown) => show(t.id, { ok: false, text: e instanceof Error ? e.message : String(e) }),
                    );
                  }}
                >
                  Copy
                </button>
              </div>
            </div>
            {outcome && (
              <p class={`message ${outcome.ok ? 'ok' : 'warn'}`} role="status">
                {outcome.text}
              </p>
            )}
            <details class="preview" open={t.id === featured || (featured === undefined && i === 0)}>
              <summary>Preview</summary>
              <p class="subject">
                <span class="muted">Subject: </span>
                {filled.subject}
              </p>
              <p class="body">{filled.body}</p>
            </details>
          </section>
        );
      })}
    </section>
  );
}
