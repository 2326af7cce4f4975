import type { Waiting } from '@/utils/dashboard/waiting';
import { t, tp } from '@/utils/i18n';
import { BarChart } from './BarChart';
import { ChartTable } from './ChartTable';
import { count, describeMinutes, type Words } from './format';

// Waiting: each approver's answers to requests for approval, and the requests nobody answered yet.

export function WaitingSection(props: { figures: Waiting; words: Words; fileStem: string }) {
  const f = props.figures;
  const w = props.words;
  const round = (minutes: number) => Math.round(minutes);
  return (
    <section class="card stack report-section" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">{t('dashWaitingHeading')}</h2>
      <p class="muted">{t('dashWaitingIntro', count(f.escalateAfterMinutes))}</p>
      {f.requests === 0 && <p>{t('dashNoRequests')}</p>}
      {f.byApprover.length > 0 && (
        <ChartTable
          title={t('dashApprovalsTitle')}
          columns={[
            { label: t('dashColApprover') },
            { label: t('dashColAnswered'), numeric: true },
            { label: t('dashColDeclined'), numeric: true },
            { label: t('dashColMedianWait'), numeric: true },
            { label: t('dashColSlowest'), numeric: true },
            { label: t('dashColEscalated'), numeric: true },
          ]}
          rows={f.byApprover.map((r) => [
            w.person(r.approver),
            count(r.answered),
            count(r.declined),
            describeMinutes(r.medianWaitMinutes),
            describeMinutes(r.slowestWaitMinutes),
            count(r.escalated),
          ])}
          csv={{
            fileName: `${props.fileStem}-approvals.csv`,
            header: [t('dashColApprover'), t('dashColEmail'), t('dashColAnswered'), t('dashColDeclined'), t('dashColMedianWaitMinutes'), t('dashColSlowestMinutes'), t('dashColEscalated')],
            rows: f.byApprover.map((r) => [w.person(r.approver), r.approver, r.answered, r.declined, round(r.medianWaitMinutes), round(r.slowestWaitMinutes), r.escalated]),
          }}
        >
          <BarChart
            title={t('dashWaitChartTitle')}
            bars={f.byApprover.map((r) => ({ label: w.person(r.approver), value: r.medianWaitMinutes, text: describeMinutes(r.medianWaitMinutes) }))}
          />
        </ChartTable>
      )}
      {f.unanswered > 0 && (
        <p data-testid="unanswered">{tp('dashUnanswered', f.unanswered, describeMinutes(f.oldestUnansweredMinutes ?? 0))}</p>
      )}
    </section>
  );
}
