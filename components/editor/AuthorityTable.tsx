import { useMemo } from 'preact/hooks';
import { authorityTable, type ArticleCase, type Cell } from '@/utils/editor/authority-table';
import { formatMoney } from '@/utils/money';
import type { Policy } from '@/utils/policy/types';
import { messages, t, type MessageKey } from '@/utils/i18n';

// The decision as it will play out on a call: each remedy at its default amount, for each role.

const STRINGS = messages({
  title: 'edAuthorityTableTitle',
  intro: 'edAuthorityTableIntro',
  stale: 'edAuthorityTableStale',
  remedy: 'edAuthorityTableRemedy',
  onTheSpot: 'edAuthorityTableOnTheSpot',
  ask: (role: string) => t('edAsk', role),
  noOne: 'edAuthorityTableNoOne',
  row: (label: string, amount: string) => t('edRow', label, amount),
  articleCases: {
    'courier-credit': 'edCaseCourier',
    'consultation-refund': 'edCaseConsultation',
    gift: 'edCaseGift',
  } satisfies Record<ArticleCase, MessageKey>,
});

function cellText(cell: Cell): string {
  if (cell.kind === 'on-the-spot') return STRINGS.onTheSpot;
  return cell.kind === 'ask' ? STRINGS.ask(cell.approverRoleLabel) : STRINGS.noOne;
}

export function AuthorityTable(props: {
  policy: Policy | null;
  stale: boolean;
  now: number;
  /** Remedies at other amounts, each a row of its own (the dashboard's draft). */
  cases?: readonly { remedyId: string; amount: number }[];
}) {
  const { policy, now, cases } = props;
  const table = useMemo(() => (policy ? authorityTable(policy, now, cases) : null), [policy, now, cases]);
  return (
    <section class="card stack" aria-labelledby="authority-table-heading">
      <h2 id="authority-table-heading">{STRINGS.title}</h2>
      <p class="muted">{STRINGS.intro}</p>
      {props.stale && <p class="notice notice-info">{STRINGS.stale}</p>}
      {table && policy && (
        <div class="table-scroll" tabIndex={0} aria-labelledby="authority-table-caption">
          <table class="authority-table">
            <caption id="authority-table-caption" class="visually-hidden">
              {STRINGS.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{STRINGS.remedy}</th>
                {table.roles.map((role) => (
                  <th scope="col" key={role.id}>
                    {role.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={`${row.remedyId}-${row.amount}`} class={row.articleCase ? 'article-case' : undefined}>
                  <th scope="row">
                    {STRINGS.row(
                      row.label ?? t(STRINGS.articleCases[row.articleCase!]),
                      formatMoney(row.amount, policy.firm.currency, policy.firm.locale),
                    )}
                  </th>
                  {row.cells.map((cell, i) => (
                    <td key={table.roles[i]!.id} class={`cell-${cell.kind}`}>
                      {cellText(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
