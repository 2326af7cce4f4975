import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { decideAuthority, type AuthorityDecision } from '@/utils/authority';
import { routeOf, type Route } from '@/utils/firm-ledger/approvals';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import { sendMessage } from '@/utils/browser/messaging';
import type { GrantedRemedy, Incident, IncidentGrants } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import { isWebmailTab, type TabClient } from '@/utils/detect/types';
import type { Policy, Remedy } from '@/utils/policy/types';
import { minorToDecimalString, parseMoneyInput } from '@/utils/money';
import { approvalEmail, mailtoUrl, phoneApprovalEmail, type ApprovalEmail } from './approval-email';
import { LiveMessage } from './LiveMessage';
import { RouteText } from './RouteText';
import { useAnswer } from './use-answer';
import { PendingRemedy } from './PendingRemedy';
import { RemedyOutcomes } from './RemedyOutcomes';
import { errorText } from '@/utils/error-text';
import { formatMoment } from './time';
import { andList, orList, t } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  policy: Policy;
  me: Me | null;
  incident: Incident;
  /** The client's incidents (or what was granted in them), this one included in full, for the yearly cap. */
  clientIncidents: readonly IncidentGrants[];
  tab: TabClient | null;
  now: number;
  /** The incident was just started: its Grant (or Ask for approval) takes the focus. */
  focusAction?: boolean;
  /** The remedy picked first (a new incident started for it), instead of the category's first. */
  initialRemedy?: string;
  onIncident(incident: Incident): void;
  /** The person chose to give `remedyId` in an incident of its own (with the category that suggests it). */
  onStartNew?(request: NewIncidentRequest): void;
}

/** A new incident for a remedy that belongs to another mistake than the one open. */
export interface NewIncidentRequest {
  remedyId: string;
  /** The first category that suggests the remedy; null when none does. */
  category: string | null;
}

/** The category's suggestions first, in the policy's order of suggestion, then the rest. */
function orderedRemedies(policy: Policy, categoryId: string): { remedy: Remedy; suggested: boolean }[] {
  const suggested = policy.categories.find((c) => c.id === categoryId)?.suggestedRemedies ?? [];
  const first = suggested
    .map((id) => policy.remedies.find((r) => r.id === id))
    .filter((r): r is Remedy => r !== undefined);
  const rest = policy.remedies.filter((r) => !first.includes(r));
  return [...first.map((remedy) => ({ remedy, suggested: true })), ...rest.map((remedy) => ({ remedy, suggested: false }))];
}

/** Picks a remedy and amount, shows the authority decision as it changes, and grants or asks. */
export function MakeItUp({
  policy,
  me,
  incident,
  clientIncidents,
  tab,
  now,
  focusAction = false,
  initialRemedy,
  onIncident,
  onStartNew,
}: Props) {
  const baseId = useId();
  const { currency } = policy.firm;
  const money = (minor: number) => formatAmount(minor, currency);
  const options = orderedRemedies(policy, incident.category);
  const [remedyId, setRemedyId] = useState(
    options.find((o) => o.remedy.id === initialRemedy)?.remedy.id ?? options[0]?.remedy.id ?? '',
  );
  const remedy = policy.remedies.find((r) => r.id === remedyId);
  const [amountText, setAmountText] = useState(
    remedy ? minorToDecimalString(remedy.defaultAmount, currency) : '',
  );
  const [busy, setBusy] = useState(false);
  const [showOthers, setShowOthers] = useState(() => !options.find((o) => o.remedy.id === remedyId)?.suggested);
  // Once something is given or asked for, the picker folds away so the panel shows the outcome, not
  // a fresh warning about what is left.
  // Nothing given yet (a remedy the firm's server refused was never given): the picker is open.
  const [picking, setPicking] = useState(() => incident.remedies.every((r) => r.status === 'refused'));
  const [done, setDone] = useState<string | null>(null);
  // The request just asked through the firm ledger: once answered, its line says who answered and how.
  const [askedId, setAskedId] = useState<string | null>(null);
  /** With a firm ledger: the ready email with the phone page's link to the request just asked. */
  const [phoneEmail, setPhoneEmail] = useState<ApprovalEmail | null>(null);
  const [emailed, setEmailed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Grant, Ask for approval and Give another remedy disappear once used; focus then moves to what
  // replaced them (the outcome, or the remedy picker) instead of dropping to the page.
  const doneRef = useRef<HTMLParagraphElement>(null);
  const pickerRef = useRef<HTMLFieldSetElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
  const [focusNext, setFocusNext] = useState<'done' | 'picker' | 'action' | null>(focusAction ? 'action' : null);
  useEffect(() => {
    if (focusNext === 'done') doneRef.current?.focus();
    if (focusNext === 'picker') pickerRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
    if (focusNext === 'action') {
      const button = actionsRef.current?.querySelector('button') ?? pickerRef.current?.querySelector<HTMLInputElement>('input:checked');
      // Scrolled only as far as needed: the remedy above it stays in view where it fits.
      button?.focus({ preventScroll: true });
      button?.scrollIntoView({ block: 'nearest' });
    }
    if (focusNext) setFocusNext(null);
  }, [focusNext]);

  const pick = (r: Remedy) => {
    setRemedyId(r.id);
    setAmountText(minorToDecimalString(r.defaultAmount, currency));
    setDone(null);
    setError(null);
  };

  const amount = remedy?.kind === 'apology' ? 0 : parseMoneyInput(amountText, currency);
  const decision =
    remedy && amount !== null
      ? decideAuthority(
          policy,
          me?.role ?? null,
          clientIncidents,
          { clientKey: incident.clientKey, incidentId: incident.id, remedyId: remedy.id, amount },
          now,
        )
      : null;
  // Who is away, by their own records in the firm ledger: the route skips them.
  const [away, setAway] = useState<readonly ApproverAway[]>([]);
  useAnswer(policy.ledger ? () => sendMessage('listAway') : null, setAway, () => setAway([]), [incident.id, incident.remedies.length]);
  const routeFor = (p: { remedyId: string; amount: number; requestedBy: string | null; role: string | null; at: number }): Route =>
    routeOf(policy, { email: p.requestedBy, role: p.role }, clientIncidents, { clientKey: incident.clientKey, incidentId: incident.id, remedyId: p.remedyId, amount: p.amount }, p.at, away);
  const route =
    policy.ledger && remedy && amount !== null && decision && !decision.allowed && decision.approvers.length > 0
      ? routeFor({ remedyId: remedy.id, amount, requestedBy: me?.email ?? null, role: me?.role ?? null, at: now })
      : null;
  const open = incident.status === 'open';
  const suggestedHere = options.find((o) => o.remedy.id === remedyId)?.suggested ?? false;
  // A remedy for another mistake counts against this incident's limit with what it already has; in
  // an incident of its own it starts from nothing, and may need someone else's approval.
  const elsewhere =
    remedy && amount !== null && !suggestedHere && options.some((o) => o.suggested)
      ? {
          home: policy.categories.find((c) => c.id !== incident.category && c.suggestedRemedies.includes(remedy.id)) ?? null,
          decision: decideAuthority(
            policy,
            me?.role ?? null,
            clientIncidents,
            { clientKey: incident.clientKey, remedyId: remedy.id, amount },
            now,
          ),
        }
      : null;
  const categoryLabel = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    setAskedId(null);
    setPhoneEmail(null);
    setEmailed(null);
    try {
      setDone(await action());
      setPicking(false);
      setFocusNext('done');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const grant = () =>
    run(async () => {
      if (!remedy || amount === null) throw new Error(t('pickRemedyAmount'));
      const updated = await sendMessage('grantRemedy', {
        incidentId: incident.id,
        remedyId: remedy.id,
        amount,
      });
      onIncident(updated);
      const granted = updated.remedies.at(-1);
      // What the firm's server refused was never given: said at once, and nothing offered to insert.
      if (granted?.status === 'refused') throw new Error(t('remedyRefused', remedy.label, money(amount), granted.refusedReason ?? ''));
      return granted?.creditNoteNumber
        ? t('grantedWithNote', remedy.label, money(amount), granted.creditNoteNumber)
        : t('granted', remedy.label, money(amount));
    });

  const askApproval = () =>
    run(async () => {
      if (!remedy || amount === null || !decision || !me) throw new Error(t('pickRemedyAmount'));
      const updated = await sendMessage('requestApproval', {
        incidentId: incident.id,
        remedyId: remedy.id,
        amount,
      });
      onIncident(updated);
      const asked = updated.remedies.at(-1);
      if (asked?.status === 'refused') throw new Error(t('remedyRefused', remedy.label, money(amount), asked.refusedReason ?? ''));
      if (policy.ledger) {
        // The request is a record in the firm ledger: the approvers see it in their panel and are notified.
        setAskedId(updated.remedies.at(-1)?.id ?? null);
        // The approvers it was addressed to also get the link to their phone page, if the person sends it.
        const to = asked ? routeFor({ remedyId: asked.remedyId, amount: asked.amount, requestedBy: asked.requestedBy, role: asked.requestedByRole || null, at: asked.requestedAt }).steps[0]?.approvers : undefined;
        setPhoneEmail(asked && to ? phoneApprovalEmail(policy, me, updated, asked, to.map((a) => ({ email: a.email, name: a.name }))) : null);
        // Who was asked is said once, on the request itself (PendingRemedy).
        return t('askSentLedger');
      }
      const sent = await sendEmail(approvalEmail(policy, me, incident, remedy, amount, decision));
      return 'inTab' in sent ? t('markedPending', sent.inTab) : t('markedPendingMailApp', sent.names);
    });

  /** A new email to the approvers in the webmail tab (what the tab said), else the mail app's. */
  const sendEmail = async ({ to, subject, body }: ApprovalEmail): Promise<{ inTab: string } | { names: string }> => {
    const names = andList(to.map((a) => a.name));
    // A new email to the approvers in the webmail tab, never the reply to the client that may be
    // open there; where the tab cannot open one, the mail app's.
    if (tab && isWebmailTab(tab)) {
      const result = await sendMessage('insertIntoEmail', { tabId: tab.tabId, subject, body, audience: { kind: 'new', to } });
      if (result.ok) return { inTab: result.message };
    }
    window.open(mailtoUrl({ to, subject, body }), '_blank');
    return { names };
  };

  /** The ready email with the phone page's link; the request stays as asked, its answer still shows here. */
  const emailLink = async (email: ApprovalEmail) => {
    setBusy(true);
    setError(null);
    try {
      const sent = await sendEmail(email);
      setPhoneEmail(null);
      setEmailed('inTab' in sent ? sent.inTab : t('phoneEmailOpened', sent.names));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const anySuggested = options.some((o) => o.suggested);
  const others = options.filter((o) => !o.suggested);
  const choice = ({ remedy: r, suggested }: { remedy: Remedy; suggested: boolean }) => (
    <label key={r.id} class="choice">
      <input type="radio" name={`${baseId}-remedy`} value={r.id} checked={r.id === remedyId} onChange={() => pick(r)} />
      <span class="choice-text">
        {r.label}
        {suggested && <span class="tag">{t('suggested')}</span>}
      </span>
      <span class="muted small">{r.kind === 'apology' ? '' : money(r.defaultAmount)}</span>
    </label>
  );

  const answer = askedId === null ? null : answerText(policy, incident.remedies.find((r) => r.id === askedId), now);
  const pending = incident.remedies.filter((r) => r.status === 'pending');

  return (
    <section class="card make-it-up" aria-labelledby={`${baseId}-title`}>
      <h2 id={`${baseId}-title`}>{t('makeItUp')}</h2>
      <RemedyOutcomes policy={policy} incident={incident} money={money} now={now} />
      {pending.map((p) => (
        <PendingRemedy
          key={p.id}
          policy={policy}
          incident={incident}
          remedy={p}
          viaLedger={policy.ledger !== undefined}
          route={routeFor({ remedyId: p.remedyId, amount: p.amount, requestedBy: p.requestedBy, role: p.requestedByRole || null, at: p.requestedAt })}
          now={now}
          onIncident={onIncident}
        />
      ))}
      {open && !picking && (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setPicking(true);
            setDone(null);
            setFocusNext('picker');
          }}
        >
          {t('giveAnother')}
        </button>
      )}
      {open && picking && (
        <>
          <fieldset class="choices" ref={pickerRef}>
            <legend>{t('remedy')}</legend>
            {(anySuggested ? options.filter((o) => o.suggested) : options).map(choice)}
            {anySuggested && others.length > 0 && (
              // The category's own remedies are the ones to reach for; the rest fold away so the
              // Grant button stays on screen.
              // Opened and closed by the state alone, at once: the browser's own toggle event comes a
              // moment later, and a live update rendered in between would close what was just opened.
              <details class="more-remedies" open={showOthers}>
                <summary
                  onClick={(e) => {
                    e.preventDefault();
                    setShowOthers((shown) => !shown);
                  }}
                >
                  {t('otherRemedies', others.length)}
                </summary>
                {others.map(choice)}
              </details>
            )}
          </fieldset>
          {remedy && remedy.kind !== 'apology' && (
            <div class="amount">
              <label for={`${baseId}-amount`}>{t('amountIn', currency)}</label>
              <input
                id={`${baseId}-amount`}
                type="text"
                inputMode="decimal"
                autocomplete="off"
                value={amountText}
                onInput={(e) => {
                  setAmountText(e.currentTarget.value);
                  setDone(null);
                }}
              />
            </div>
          )}
          <p
            class={`decision ${decision === null ? 'warn' : decision.allowed ? 'ok' : 'warn'}`}
            role="status"
          >
            {decision === null ? t('enterAmountLike', minorToDecimalString(2000, currency)) : decision.reason}
            {decision && !decision.allowed && decision.approvers.length > 0 && (
              <span class="approvers">
                {t('askApprovers', orList(decision.approvers.map((a) => a.name)), decision.approverRoleLabel ?? '')}
              </span>
            )}
            {decision?.approverBecause && !decision.allowed && <span class="because">{decision.approverBecause}</span>}
            {route && <RouteText policy={policy} route={route} now={now} />}
          </p>
          {remedy && elsewhere && onStartNew && (
            <div class="elsewhere" role="group" aria-labelledby={`${baseId}-elsewhere`}>
              <p id={`${baseId}-elsewhere`}>
                {elsewhere.home
                  ? t('notSuggestedForButFor', remedy.label, categoryLabel, elsewhere.home.label)
                  : t('notSuggestedFor', remedy.label, categoryLabel)}
              </p>
              <p class="muted small">{inANewIncident(elsewhere.decision)}</p>
              <button
                type="button"
                class="secondary"
                onClick={() => onStartNew({ remedyId: remedy.id, category: elsewhere.home?.id ?? null })}
              >
                {t('startNewForThis')}
              </button>
            </div>
          )}
          {!me && <p class="muted small">{t('grantNeedsEmail')}</p>}
          <div class="row" ref={actionsRef}>
            {decision?.allowed && (
              <button type="button" disabled={busy || !me} onClick={() => void grant()}>
                {t('grant')}
              </button>
            )}
            {decision && !decision.allowed && decision.approvers.length > 0 && (
              <button type="button" disabled={busy || !me} onClick={() => void askApproval()}>
                {t('askForApproval')}
              </button>
            )}
          </div>
        </>
      )}
      <LiveMessage kind={answer?.declined ? 'warn' : 'ok'} text={done === null ? null : (answer?.text ?? emailed ?? done)} focusRef={doneRef} />
      {phoneEmail && answer === null && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void emailLink(phoneEmail)}>
          {t('phoneEmailOffer', andList(phoneEmail.to.map((a) => a.name)))}
        </button>
      )}
      <LiveMessage kind="error" text={error} />
    </section>
  );
}

/** How a request asked through the firm ledger was answered, or null while it waits. */
function answerText(policy: Policy, remedy: GrantedRemedy | undefined, now: number): { text: string; declined: boolean } | null {
  if (!remedy || remedy.status === 'pending') return null;
  const name = (email: string | undefined) => policy.staff.find((s) => s.email === email)?.name ?? email ?? '';
  if (remedy.status === 'declined') {
    const who = name(remedy.declinedBy);
    return { text: remedy.declineReason ? t('askAnsweredDeclinedWhy', who, remedy.declineReason) : t('askAnsweredDeclined', who), declined: true };
  }
  const at = remedy.grantedAt === undefined ? '' : formatMoment(remedy.grantedAt, policy.firm, now);
  return { text: t('askAnsweredApproved', name(remedy.approvedBy), at), declined: false };
}

/** What the same remedy would need in an incident of its own, in one line. */
function inANewIncident(decision: AuthorityDecision): string {
  if (decision.allowed) return t('newWithinAuthority');
  if (decision.approverRoleLabel && decision.approvers.length > 0) {
    return t('newWouldApprove', orList(decision.approvers.map((a) => a.name)), decision.approverRoleLabel);
  }
  return t('newReason', decision.reason);
}
