import { useEffect, useMemo, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { YEAR_MS } from '@/utils/authority';
import { lastDays, periodOfDates } from '@/utils/dashboard/clock';
import { asOf, dashboardFigures } from '@/utils/dashboard/figures';
import { filterChoices, selectIncidents } from '@/utils/dashboard/select';
import { NO_FILTERS, type DashboardData, type DashboardFilters } from '@/utils/dashboard/types';
import { errorText } from '@/utils/error-text';
import { formatClock, zoneName } from '@/utils/firm-time';
import { dateTime } from '@/utils/i18n/format';
import { t, tp } from '@/utils/i18n';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { Controls, type Dates } from './Controls';
import { CostsSection } from './CostsSection';
import { FirstCallSection } from './FirstCallSection';
import { SuggestionsSection } from './SuggestionsSection';
import { WaitingSection } from './WaitingSection';
import { words } from './format';

// The partners' dashboard: how the firm makes it right, over a period they pick, for the whole firm
// (with a firm ledger) or this browser. It reads the period's incidents through one message, shows
// its figures, then reads the year before the period's end the same way for the client lists and the
// suggestions (a ledger of 100,000 holds tens of thousands there). Every figure is a pure function of
// the incidents (utils/dashboard/), computed again when a filter changes.

interface Read {
  dates: Dates;
  period: DashboardData;
  /** The incidents from 365 days before the period's end to its start; null while being read. */
  earlier: DashboardData | null;
}

export function DashboardPage(props: { now?: number }) {
  const [now] = useState(() => props.now ?? Date.now());
  const [policy, setPolicy] = useState<Policy | null | undefined>(undefined);
  const [dates, setDates] = useState<Dates | null>(null);
  const [filters, setFilters] = useState<DashboardFilters>(NO_FILTERS);
  const [data, setData] = useState<Read | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    sendMessage('getPolicyState').then(
      (state) => {
        setPolicy(state.policy);
        if (state.policy) setDates(lastDays(now, state.policy.firm.timeZone));
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  }, []);

  const timeZone = policy?.firm.timeZone ?? 'UTC';
  const period = useMemo(() => (dates ? periodOfDates(dates.first, dates.last, timeZone) : null), [dates, timeZone]);

  useEffect(() => {
    if (!period || !dates) return;
    let current = true;
    setProblem(null);
    if (dates.first > dates.last) {
      setProblem(t('dashboardBadPeriod'));
      return;
    }
    const failed = (error: unknown) => current && setProblem(errorText(error));
    // The period first; then the 365 days before its end, for the clients who came back or near a cap.
    const yearFrom = asOf(period, now) - YEAR_MS;
    sendMessage('dashboardData', { from: period.from, to: period.to }).then((answer) => {
      if (!current) return;
      const none: DashboardData = { ...answer, incidents: [] };
      setData({ dates, period: answer, earlier: yearFrom < period.from ? null : none });
      if (yearFrom >= period.from) return;
      sendMessage('dashboardData', { from: yearFrom, to: period.from }).then(
        (earlier) => current && setData({ dates, period: answer, earlier }),
        failed,
      );
    }, failed);
    return () => {
      current = false;
    };
  }, [period]);

  const w = useMemo(() => (policy ? words(policy) : null), [policy]);
  const incidents = useMemo(
    () => (data ? (data.earlier ? [...data.earlier.incidents, ...data.period.incidents] : data.period.incidents) : []),
    [data],
  );
  const figures = useMemo(
    () => (policy && period && data ? dashboardFigures(incidents, policy, period, filters, now) : null),
    [policy, period, incidents, filters],
  );
  const choices = useMemo(() => (period ? filterChoices(selectIncidents(incidents, period, NO_FILTERS)) : { roles: [], people: [], categories: [] }), [period, incidents]);
  const yearRead = data?.earlier !== null;
  const loading = !!dates && data?.dates !== dates && !problem;
  const shown = figures && data?.dates === dates;

  if (policy === null) {
    return (
      <main class="dashboard stack">
        <h1>{t('dashHeading')}</h1>
        <Notice kind="info">{t('dashNoPolicy')}</Notice>
      </main>
    );
  }

  const fileStem = dates ? `dashboard-${dates.first}-${dates.last}` : 'dashboard';
  return (
    <main class="dashboard stack" aria-busy={loading}>
      <header class="stack report-header">
        <h1>{t('dashHeading')}</h1>
        {policy && w && period && (
          <>
            <p class="firm">
              <strong>{policy.firm.name}</strong> · {t('dashPeriod', w.date(period.from), w.date(period.to - 1), zoneName(policy.firm.timeZone))}
            </p>
            {data && (
              <p class="muted" data-testid="coverage">
                {data.period.coverage === 'firm'
                  ? t('dashCoversFirm', dateTime(data.period.syncedAt ?? now, timeZone))
                  : t('dashCoversBrowser')}
              </p>
            )}
            <p class="muted small">{t('dashPrepared', formatClock(now, policy.firm))}</p>
          </>
        )}
      </header>
      {problem && <Notice kind="error">{problem}</Notice>}
      {policy && w && dates && (
        <Controls
          dates={dates}
          onDates={setDates}
          filters={filters}
          onFilters={setFilters}
          choices={choices}
          words={w}
          now={now}
          timeZone={timeZone}
        />
      )}
      {loading && <p role="status">{t('dashLoading')}</p>}
      {shown && figures && w && (
        <div class="stack" data-testid="dashboard-ready" data-complete={yearRead ? 'true' : 'false'}>
          <div class="row no-print">
            <p role="status" data-testid="counted">
              {figures.counted === 0 ? t('dashNone') : tp('dashCounted', figures.counted)}
            </p>
            <button type="button" class="secondary" onClick={() => window.print()}>
              {t('dashPrint')}
            </button>
          </div>
          <FirstCallSection figures={figures.firstCall} fileStem={fileStem} />
          <WaitingSection figures={figures.waiting} words={w} fileStem={fileStem} />
          <CostsSection
            byCategory={figures.byCategory}
            byMonth={figures.byMonth}
            byRole={figures.byRole}
            repeatClients={figures.repeatClients}
            nearCap={figures.nearCap}
            yearRead={yearRead}
            words={w}
            fileStem={fileStem}
          />
          <SuggestionsSection suggestions={yearRead ? figures.suggestions : null} words={w} />
        </div>
      )}
    </main>
  );
}
