import { useEffect, useMemo, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { errorText } from '@/utils/error-text';
import { formatMoney } from '@/utils/money';
import { messages, t, uiLanguage } from '@/utils/i18n';
import { playbookFor, type PlaybookRemedy } from '@/utils/playbook';
import type { Policy } from '@/utils/policy/types';
import { parsePolicyText } from '@/utils/policy/parse';
import { Notice } from '../ui/Notice';

// One role's playbook, to read and print before the call comes: what you may give on the spot, each
// remedy as yours or someone else's, the recovery checklist, and the first words to say.

const STRINGS = messages({
  title: (role: string) => t('pbTitle', role),
  firm: (firm: string, version: string) => t('pbFirm', firm, version),
  loading: 'pbLoading',
  noPolicy: 'pbNoPolicy',
  role: 'pbRole',
  print: 'pbPrint',
  spot: 'pbSpot',
  perIncident: 'perIncident',
  perClientPerYear: 'perClientPerYear',
  noCap: 'pbNoCap',
  above: 'pbAbove',
  topOfChain: 'pbTopOfChain',
  nobody: (role: string) => t('pbNobody', role),
  who: (names: string, role: string) => t('pbWho', names, role),
  standIn: (name: string, standIn: string) => t('pbStandIn', name, standIn),
  remedies: 'pbRemedies',
  remedy: 'remedy',
  at: 'pbDefaultAmount',
  yours: 'pbYours',
  yoursUpTo: (amount: string) => t('pbYoursUpTo', amount),
  yoursAlways: 'pbYoursAlways',
  yoursNoCap: 'pbYoursNoCap',
  ask: (who: string) => t('pbAsk', who),
  noOne: 'pbNoOne',
  checklist: 'pbChecklist',
  due: (when: string) => t('pbDue', when),
  atOnce: 'pbAtOnce',
  noDue: 'pbNoDue',
  firstWords: 'pbFirstWords',
  firstWordsIntro: 'pbFirstWordsIntro',
  subject: 'pbSubject',
  draft: 'pbDraft',
});

function dueText(minutes: number | undefined, locale: string): string {
  if (minutes === undefined) return STRINGS.noDue;
  if (minutes === 0) return STRINGS.atOnce;
  const [value, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return STRINGS.due(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value));
}

function names(list: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(list);
}

function remedyVerdict(item: PlaybookRemedy, money: (minor: number) => string, locale: string): string {
  if (item.kind === 'yours') {
    if (item.remedy.kind === 'apology') return STRINGS.yoursAlways;
    return item.upTo === null ? STRINGS.yoursNoCap : STRINGS.yoursUpTo(money(item.upTo));
  }
  if (item.kind === 'ask') {
    return STRINGS.ask(item.approverNames.length ? names(item.approverNames, locale) : item.approverRoleLabel);
  }
  return STRINGS.noOne;
}

function roleFromUrl(): string | null {
  return new URLSearchParams(location.search).get('role');
}

export function PlaybookPage(props: {
  now?: number;
  /** Opened from the policy editor: follows its draft (asks for it, hears each change); returns the way to stop. */
  followDraft?: (onDraft: (text: string) => void) => () => void;
}) {
  const [inForce, setPolicy] = useState<Policy | null | undefined>(undefined);
  // The editor's draft, once it answers: shown instead of the policy in force.
  const [draft, setDraft] = useState<Policy | null>(null);
  const policy = draft ?? inForce;
  const [roleId, setRoleId] = useState<string | null>(roleFromUrl());
  const [problem, setProblem] = useState<string | null>(null);
  const now = useMemo(() => props.now ?? Date.now(), [props.now]);

  useEffect(() => {
    void (async () => {
      try {
        const state = await sendMessage('getPolicyState');
        setPolicy(state.policy);
        if (!roleFromUrl() && state.policy) {
          // Without ?role=, the playbook of the person using this computer, else the first role.
          const { me } = await sendMessage('getSettings');
          setRoleId(me?.role ?? state.policy.roles[0]?.id ?? null);
        }
      } catch (error) {
        setProblem(errorText(error));
      }
    })();
  }, []);

  useEffect(
    () =>
      props.followDraft?.((text) => {
        const parsed = parsePolicyText(text);
        if (parsed.ok) setDraft(parsed.policy);
      }),
    [],
  );

  function pick(id: string) {
    setRoleId(id);
    const url = new URL(location.href);
    url.searchParams.set('role', id);
    history.replaceState(null, '', url);
  }

  if (problem) return <main class="playbook"><Notice kind="error">{problem}</Notice></main>;
  if (policy === undefined) return <main class="playbook"><p role="status">{STRINGS.loading}</p></main>;
  if (policy === null) return <main class="playbook"><Notice kind="info">{STRINGS.noPolicy}</Notice></main>;

  const chosen = policy.roles.find((r) => r.id === roleId) ?? policy.roles[0]!;
  const book = playbookFor(policy, chosen.id, now)!;
  // The page speaks the interface's language; money keeps the firm's currency.
  const { currency } = policy.firm;
  const locale = uiLanguage();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const cap = (minor: number | null) => (minor === null ? STRINGS.noCap : money(minor));

  return (
    <main class="playbook">
      <div class="controls row no-print">
        <label for="role-picker">{STRINGS.role}</label>
        <select id="role-picker" value={chosen.id} onChange={(e) => pick((e.currentTarget as HTMLSelectElement).value)}>
          {policy.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => window.print()}>
          {STRINGS.print}
        </button>
      </div>
      <header>
        <h1>{STRINGS.title(chosen.label)}</h1>
        <p class="muted">{STRINGS.firm(policy.firm.name, policy.policyVersion)}</p>
        {draft && <Notice kind="info">{STRINGS.draft}</Notice>}
      </header>

      <section aria-labelledby="spot-heading">
        <h2 id="spot-heading">{STRINGS.spot}</h2>
        <dl class="limits">
          <div>
            <dt>{STRINGS.perIncident}</dt>
            <dd>{cap(book.role.perIncident)}</dd>
          </div>
          <div>
            <dt>{STRINGS.perClientPerYear}</dt>
            <dd>{cap(book.role.perClientPerYear)}</dd>
          </div>
          <div>
            <dt>{STRINGS.above}</dt>
            <dd>
              {book.approver
                ? book.approver.names.length
                  ? STRINGS.who(names(book.approver.names, locale), book.approver.roleLabel)
                  : STRINGS.nobody(book.approver.roleLabel)
                : STRINGS.topOfChain}
              {book.standIns.map((s) => (
                <p key={s.name} class="stand-in">
                  {STRINGS.standIn(s.name, s.standIn)}
                </p>
              ))}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="remedies-heading">
        <h2 id="remedies-heading">{STRINGS.remedies}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{STRINGS.remedy}</th>
              <th scope="col">{STRINGS.at}</th>
              <th scope="col">{STRINGS.yours}</th>
            </tr>
          </thead>
          <tbody>
            {book.remedies.map((item) => (
              <tr key={item.remedy.id} class={`verdict-${item.kind}`}>
                <th scope="row">{item.remedy.label}</th>
                <td>{money(item.remedy.defaultAmount)}</td>
                <td>{remedyVerdict(item, money, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="checklist-heading">
        <h2 id="checklist-heading">{STRINGS.checklist}</h2>
        <ol class="steps">
          {book.checklist.map((step) => (
            <li key={step.id}>
              {step.label} <span class="muted">({dueText(step.dueWithinMinutes, locale)})</span>
            </li>
          ))}
        </ol>
      </section>

      {book.firstWords && (
        <section aria-labelledby="words-heading">
          <h2 id="words-heading">{STRINGS.firstWords}</h2>
          <p class="muted">{STRINGS.firstWordsIntro}</p>
          <blockquote class="words">
            <p>
              <strong>{STRINGS.subject}</strong> {book.firstWords.subject}
            </p>
            <pre>{book.firstWords.body}</pre>
          </blockquote>
        </section>
      )}
    </main>
  );
}
