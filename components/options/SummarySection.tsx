import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { LedgerSummary } from '@/utils/ledger/summary';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { Coverage } from '../ui/Coverage';
import { errorText } from '@/utils/error-text';
import { t, tp, uiLanguage } from '@/utils/i18n';
import { money } from '@/utils/i18n/format';
import { describeMinutes } from '@/utils/i18n/minutes';

export { describeMinutes };

interface Row {
  id: string;
  label: string;
  value: string;
}

/** Largest first; labels from the policy, the stored id when the policy no longer has it. */
function rows(totals: Record<string, number>, label: (id: string) => string, show: (n: number) => string): Row[] {
  return Object.entries(totals)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b, uiLanguage()))
    .map(([id, n]) => ({ id, label: label(id), value: show(n) }));
}

function Figures(props: { heading: string; id: string; rows: Row[] }) {
  return (
    <div class="stack">
      <h3 id={props.id}>{props.heading}</h3>
      <dl class="status" aria-labelledby={props.id}>
        {props.rows.map((row) => [<dt key={`${row.id}-t`}>{row.label}</dt>, <dd key={`${row.id}-d`}>{row.value}</dd>])}
      </dl>
    </div>
  );
}

/** What went wrong, who gave what and how fast clients were made whole, over the last 365 days. */
export function SummarySection(props: { policy: Policy | null }) {
  const [summary, setSummary] = useState<LedgerSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    sendMessage('ledgerSummary').then(setSummary, (error: unknown) => setProblem(errorText(error)));
  }, []);

  const policy = props.policy;
  const categoryLabel = (id: string) => policy?.categories.find((c) => c.id === id)?.label ?? id;
  const roleLabel = (id: string) => (id ? (policy?.roles.find((r) => r.id === id)?.label ?? id) : t('noRole'));

  return (
    <section class="card stack" aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t('summaryHeading')}</h2>
      <Coverage policy={policy} />
      {problem && <Notice kind="error">{problem}</Notice>}
      {summary && summary.incidents === 0 && <p class="muted">{t('summaryNone')}</p>}
      {summary && summary.incidents > 0 && (
        <>
          <p data-testid="summary-total">
            {t('summaryTotal', tp('incidentCount', summary.incidents), tp('stillOpen', summary.open))}
          </p>
          <p data-testid="summary-median">
            {t('summaryMedian')}{' '}
            <strong>
              {summary.medianMinutesToFirstRemedy === null
                ? t('summaryNoRemedyYet')
                : describeMinutes(summary.medianMinutesToFirstRemedy)}
            </strong>
          </p>
          <Figures
            id="summary-categories"
            heading={t('summaryByCategory')}
            rows={rows(summary.byCategory, categoryLabel, (n) => new Intl.NumberFormat(uiLanguage()).format(n))}
          />
          {Object.keys(summary.givenByRole).length === 0 ? (
            <p class="muted">{t('summaryNothingGiven')}</p>
          ) : (
            policy && (
              <Figures
                id="summary-roles"
                heading={t('summaryGivenByRole')}
                rows={rows(summary.givenByRole, roleLabel, (minor) => money(minor, policy.firm.currency))}
              />
            )
          )}
        </>
      )}
    </section>
  );
}
