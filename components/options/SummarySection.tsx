import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { LedgerSummary } from '@/utils/ledger/summary';
import { formatMoney } from '@/utils/money';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { errorText } from '@/utils/error-text';

/** "under 1 min", "12 min", "3 h", "2 d". */
export function describeMinutes(minutes: number): string {
  if (minutes < 1) return 'under 1 min';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.round(whole / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

interface Row {
  id: string;
  label: string;
  value: string;
}

/** Largest first; labels from the policy, the stored id when the policy no longer has it. */
function rows(totals: Record<string, number>, label: (id: string) => string, show: (n: number) => string): Row[] {
  return Object.entries(totals)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
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
  const roleLabel = (id: string) => (id ? (policy?.roles.find((r) => r.id === id)?.label ?? id) : 'No role');

  return (
    <section class="card stack" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Last 365 days</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      {summary && summary.incidents === 0 && <p class="muted">No incidents in the last 365 days.</p>}
      {summary && summary.incidents > 0 && (
        <>
          <p data-testid="summary-total">
            {summary.incidents === 1 ? '1 incident' : `${summary.incidents} incidents`}, {summary.open} still open.
          </p>
          <p data-testid="summary-median">
            Median time from incident to first remedy:{' '}
            <strong>
              {summary.medianMinutesToFirstRemedy === null
                ? 'no remedy granted yet'
                : describeMinutes(summary.medianMinutesToFirstRemedy)}
            </strong>
          </p>
          <Figures
            id="summary-categories"
            heading="Incidents by category"
            rows={rows(summary.byCategory, categoryLabel, String)}
          />
          {Object.keys(summary.givenByRole).length === 0 ? (
            <p class="muted">Nothing given yet.</p>
          ) : (
            policy && (
              <Figures
                id="summary-roles"
                heading="Given by role"
                rows={rows(summary.givenByRole, roleLabel, (minor) =>
                  formatMoney(minor, policy.firm.currency, policy.firm.locale),
                )}
              />
            )
          )}
        </>
      )}
    </section>
  );
}
