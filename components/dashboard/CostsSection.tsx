import type { CategoryRow, MonthRow, NearCapClient, RepeatClient, RoleRow } from '@/utils/dashboard/costs';
import { t } from '@/utils/i18n';
import { BarChart } from './BarChart';
import { ChartTable } from './ChartTable';
import { count, percent, type Words } from './format';

// What goes wrong and what it costs: by category, month and role, and the clients to watch.

/** Long client lists show their first rows; the CSV file has them all. */
const SHOWN = 15;

export function CostsSection(props: {
  byCategory: CategoryRow[];
  byMonth: MonthRow[];
  byRole: RoleRow[];
  repeatClients: RepeatClient[];
  nearCap: NearCapClient[];
  /** False while the year before the period's end is still being read: the client lists wait for it. */
  yearRead: boolean;
  words: Words;
  fileStem: string;
}) {
  const w = props.words;
  const amountCol = { label: t('dashColGiven'), numeric: true };
  const incidentsCol = { label: t('dashColIncidents'), numeric: true };
  return (
    <section class="card stack report-section" aria-labelledby="costs-heading">
      <h2 id="costs-heading">{t('dashCostsHeading')}</h2>
      <div class="two-up">
        <ChartTable
          title={t('dashByCategoryTitle')}
          columns={[{ label: t('dashColCategory') }, incidentsCol, amountCol]}
          rows={props.byCategory.map((r) => [w.category(r.category), count(r.incidents), w.money(r.amount)])}
          csv={{
            fileName: `${props.fileStem}-categories.csv`,
            header: [t('dashColCategory'), t('dashColIncidents'), t('dashColGiven')],
            rows: props.byCategory.map((r) => [w.category(r.category), r.incidents, w.decimal(r.amount)]),
          }}
        >
          <BarChart title={t('dashByCategoryTitle')} bars={props.byCategory.map((r) => ({ label: w.category(r.category), value: r.incidents, text: count(r.incidents) }))} />
        </ChartTable>
        <ChartTable
          title={t('dashByMonthTitle')}
          columns={[{ label: t('dashColMonth') }, incidentsCol, amountCol]}
          rows={props.byMonth.map((r) => [w.month(r.month), count(r.incidents), w.money(r.amount)])}
          csv={{
            fileName: `${props.fileStem}-months.csv`,
            header: [t('dashColMonth'), t('dashColIncidents'), t('dashColGiven')],
            rows: props.byMonth.map((r) => [r.month, r.incidents, w.decimal(r.amount)]),
          }}
        >
          <BarChart title={t('dashAmountByMonthTitle')} bars={props.byMonth.map((r) => ({ label: w.month(r.month), value: r.amount, text: w.money(r.amount) }))} />
        </ChartTable>
      </div>
      <ChartTable
        title={t('dashByRoleTitle')}
        columns={[{ label: t('dashColRole') }, { label: t('dashColStarted'), numeric: true }, { label: t('dashColGivenByRole'), numeric: true }]}
        rows={props.byRole.map((r) => [w.role(r.role), count(r.started), w.money(r.given)])}
        csv={{
          fileName: `${props.fileStem}-roles.csv`,
          rows: props.byRole.map((r) => [w.role(r.role), r.started, w.decimal(r.given)]),
        }}
      >
        <BarChart title={t('dashGivenByRoleChart')} bars={props.byRole.map((r) => ({ label: w.role(r.role), value: r.given, text: w.money(r.given) }))} />
      </ChartTable>
      <h3>{t('dashRepeatTitle')}</h3>
      {!props.yearRead ? (
        <p role="status">{t('dashReadingYear')}</p>
      ) : props.repeatClients.length === 0 ? (
        <p class="muted">{t('dashRepeatNone')}</p>
      ) : (
        <ChartTable
          captionHidden
          title={t('dashRepeatTitle')}
          columns={[{ label: t('dashColClient') }, incidentsCol, amountCol, { label: t('dashColLast') }]}
          rows={props.repeatClients.slice(0, SHOWN).map((r) => [r.clientName || r.clientKey, count(r.incidents), w.money(r.amount), w.date(r.lastAt)])}
          csv={{
            fileName: `${props.fileStem}-repeat-clients.csv`,
            header: [t('dashColClient'), t('dashColClientKey'), t('dashColIncidents'), t('dashColGiven'), t('dashColLast')],
            rows: props.repeatClients.map((r) => [r.clientName, r.clientKey, r.incidents, w.decimal(r.amount), w.date(r.lastAt)]),
          }}
        />
      )}
      {props.repeatClients.length > SHOWN && <p class="muted">{t('dashMoreInCsv', count(props.repeatClients.length - SHOWN))}</p>}
      <h3>{t('dashNearCapTitle')}</h3>
      <p class="muted">{t('dashNearCapIntro', percent(0.8))}</p>
      {!props.yearRead ? (
        <p role="status">{t('dashReadingYear')}</p>
      ) : props.nearCap.length === 0 ? (
        <p class="muted">{t('dashNearCapNone')}</p>
      ) : (
        <ChartTable
          captionHidden
          title={t('dashNearCapTitle')}
          columns={[{ label: t('dashColClient') }, { label: t('dashColGiven365'), numeric: true }, { label: t('dashColCap') }, { label: t('dashColCapShare'), numeric: true }]}
          rows={props.nearCap.slice(0, SHOWN).map((r) => [r.clientName || r.clientKey, w.money(r.given), t('dashCapOf', w.money(r.cap), w.role(r.role)), percent(r.share)])}
          csv={{
            fileName: `${props.fileStem}-near-cap.csv`,
            header: [t('dashColClient'), t('dashColClientKey'), t('dashColGiven365'), t('dashColCap'), t('dashColRole'), t('dashColCapShare')],
            rows: props.nearCap.map((r) => [r.clientName, r.clientKey, w.decimal(r.given), w.decimal(r.cap), w.role(r.role), Math.round(r.share * 100) / 100]),
          }}
        />
      )}
      {props.nearCap.length > SHOWN && <p class="muted">{t('dashMoreInCsv', count(props.nearCap.length - SHOWN))}</p>}
    </section>
  );
}
