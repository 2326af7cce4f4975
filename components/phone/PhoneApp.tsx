import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Couch } from '@/phone/couch';
import { CouchError } from '@/phone/couch';
import { answerToWrite, awayToWrite, clientsWithOpenRequests, creditNoteSeries, incidentsOf, phoneRequests, requestInHash, type PhoneRequest } from '@/utils/firm-ledger/phone';
import { awayRecords } from '@/utils/firm-ledger/away';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import type { LedgerRules } from '@/utils/firm-ledger/rules';
import { isApproverRole } from '@/utils/authority';
import { takesCreditNote } from '@/utils/ledger/credit-notes';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';
import { money } from '@/utils/i18n/format';
import { LiveMessage } from '../panel/LiveMessage';
import { AwayCard } from './AwayCard';
import { RequestCard } from './RequestCard';
import { SignIn } from './SignIn';

// The phone page: sign in, the requests waiting for you, Approve or Decline with a reason. Every
// answer is the approver's own ledger record; the requester's panel shows it as it replicates.

const REFRESH_MS = 20_000;

interface Ledger {
  me: Me;
  policy: Policy;
  rules: LedgerRules;
  incidents: Incident[];
  requests: PhoneRequest[];
  /** Everyone's away records: the route skips who is away, and the approver sees their own. */
  away: ApproverAway[];
}

/** What went wrong, in words: the ledger unreachable, or its own reason. */
function problem(error: unknown): string {
  if (error instanceof CouchError) return t('phoneRefused', error.message);
  return t('phoneUnreachable', errorText(error));
}

async function loadLedger(couch: Couch, email: string, now: number): Promise<Ledger | string> {
  const [phoneDoc, rulesDoc, rows, awayDocs] = await Promise.all([couch.phoneDoc(), couch.rules(), couch.approvals(), couch.awayDocs()]);
  const { policy } = phoneDoc;
  const member = policy.staff.find((s) => s.email === email);
  if (!member) return t('phoneNotStaff', email);
  const me: Me = { email, name: member.name, role: member.role, identity: 'firm-ledger' };
  const records = (await Promise.all(clientsWithOpenRequests(rows).map((key) => couch.clientRecords(key)))).flat();
  const incidents = incidentsOf(records, now);
  const away = awayRecords(awayDocs, now);
  return { me, policy, rules: rulesDoc.rules, incidents, away, requests: phoneRequests(me, policy, incidents, now, away) };
}

export function PhoneApp({ couch }: { couch: Couch }) {
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [focus, setFocus] = useState<string | null>(() => requestInHash(location.hash));
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(
    async (email: string) => {
      const at = Date.now();
      try {
        const loaded = await loadLedger(couch, email, at);
        if (typeof loaded === 'string') {
          setError(loaded);
          setLedger(null);
        } else {
          setLedger(loaded);
          setNow(at);
        }
      } catch (err) {
        if (err instanceof CouchError && err.status === 401) setUser(null);
        else setError(problem(err));
      }
    },
    [couch],
  );

  useEffect(() => {
    couch.session().then(setUser, (err: unknown) => {
      setUser(null);
      setError(problem(err));
    });
    const onHash = () => setFocus(requestInHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [couch]);

  useEffect(() => {
    if (!user) return;
    void refresh(user);
    const again = () => document.visibilityState === 'visible' && void refresh(user);
    const timer = setInterval(again, REFRESH_MS);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
    };
  }, [user, refresh]);

  const signIn = async (email: string, password: string) => {
    setBusy(true);
    setError(null);
    try {
      await couch.signIn(email, password);
      setUser(email);
    } catch (err) {
      setError(err instanceof CouchError && err.status === 401 ? t('ledgerWrongPassword', email) : problem(err));
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    await couch.signOut().catch(() => undefined);
    setLedger(null);
    setUser(null);
  };

  const answer = async (item: PhoneRequest, reason: string | null) => {
    if (!ledger || !user) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const at = Date.now();
      const incident = ledger.incidents.find((i) => i.id === item.incidentId);
      if (!incident) throw new Error(t('refNotInLedger'));
      const lastSequence =
        reason === null && takesCreditNote(item.kind) ? await couch.lastSequence(creditNoteSeries(ledger.policy, ledger.me.email, at)) : 0;
      const made = answerToWrite(
        incident,
        ledger.incidents.filter((i) => i.clientKey === incident.clientKey),
        item.requestId,
        ledger.me,
        ledger.policy,
        ledger.rules,
        reason === null ? { approve: true, lastSequence } : { approve: false, reason },
        at,
      );
      if ('refusal' in made) {
        setError(made.refusal);
        return;
      }
      // The answer first: a 409 says someone answered first, and nothing else is written.
      for (const record of made.records) await couch.put(record);
      const what = t('notifyWhat', item.remedyLabel, item.kind === 'apology' ? '' : money(item.amount, item.currency), item.clientName);
      const [first] = made.records;
      const number = first?.type === 'approval-approved' ? first.creditNoteNumber : undefined;
      setDone(reason !== null ? t('declinedDone', what) : number ? t('approvedDoneNote', what, number) : t('approvedDone', what));
      await refresh(user);
    } catch (err) {
      if (err instanceof CouchError && err.status === 409) setError(t('refAlreadyDecided'));
      else if (err instanceof CouchError && err.status === 401) setUser(null);
      else setError(problem(err));
      await refresh(user);
    } finally {
      setBusy(false);
    }
  };

  const markAway = async (until: number | null) => {
    if (!ledger || !user) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const made = awayToWrite(ledger.me, ledger.policy, ledger.rules, until, Date.now());
      if ('refusal' in made) {
        setError(made.refusal);
        return;
      }
      await couch.put(made.record);
      await refresh(user);
    } catch (err) {
      if (err instanceof CouchError && err.status === 401) setUser(null);
      else setError(problem(err));
    } finally {
      setBusy(false);
    }
  };

  const requests = ledger?.requests ?? [];
  const shown = focus ? requests.filter((r) => r.requestId === focus) : requests;
  const showAll = () => {
    history.replaceState(null, '', location.pathname + location.search);
    setFocus(null);
  };

  return (
    <main class="stack">
      <header class="bar">
        <h1>{t('approvalsTitle')}</h1>
        {user && (
          <button type="button" class="link" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        )}
      </header>
      {user && ledger && <p class="small muted">{t('phoneSignedInAs', ledger.me.name)}</p>}
      <LiveMessage kind="ok" text={done} />
      <LiveMessage kind="error" text={error} />
      {user === null && <SignIn busy={busy} onSignIn={(email, password) => void signIn(email, password)} />}
      {user && ledger && (
        <>
          {focus && shown.length === 0 && <p>{t('phoneRequestGone')}</p>}
          {!focus && requests.length === 0 && <p class="muted">{t('approvalsNone')}</p>}
          <ul class="requests">
            {shown.map((item) => (
              <li key={item.requestId}>
                <RequestCard
                  policy={ledger.policy}
                  item={item}
                  now={now}
                  busy={busy}
                  onApprove={() => void answer(item, null)}
                  onDecline={(reason) => void answer(item, reason)}
                />
              </li>
            ))}
          </ul>
          {focus && requests.length > shown.length && (
            <button type="button" class="secondary" onClick={showAll}>
              {t('phoneShowAll')}
            </button>
          )}
          <button type="button" class="secondary" disabled={busy} onClick={() => void refresh(user)}>
            {t('phoneRefresh')}
          </button>
          {isApproverRole(ledger.policy, ledger.me.role) && (
            <AwayCard policy={ledger.policy} me={ledger.me} away={ledger.away} now={now} busy={busy} onAway={(until) => void markAway(until)} />
          )}
        </>
      )}
    </main>
  );
}

