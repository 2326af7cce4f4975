import { FIRST_REMEDY_BINS, SEED_BIN, type FirstCall } from '@/utils/dashboard/first-call';
import { t, type MessageKey } from '@/utils/i18n';
import { BarChart } from './BarChart';
import { ChartTable } from './ChartTable';
import { count, describeMinutes, percent } from './format';

// First call: how long clients waited for their first remedy, and how it was given.

const BIN_LABELS: readonly MessageKey[] = [
  'dashBinUpTo15',
  'dashBin15to60',
  'dashBin1to4',
  'dashBin4to24',
  'dashBin24to48',
  'dashBin48to7d',
  'dashBinOver7d',
];

export function FirstCallSection(props: { figures: FirstCall; fileStem: string }) {
  const f = props.figures;
  const bins = FIRST_REMEDY_BINS.map((_, i) => ({ label: t(BIN_LABELS[i]!), value: f.bins[i] ?? 0 }));
  const given = f.onTheSpot + f.afterApproval;
  const how = [
    { label: t('dashOnTheSpotLabel'), value: f.onTheSpot, share: given ? f.onTheSpot / given : null },
    { label: t('dashAfterApprovalLabel'), value: f.afterApproval, share: given ? f.afterApproval / given : null },
  ];
  return (
    <section class="card stack report-section" aria-labelledby="first-call-heading">
      <h2 id="first-call-heading">{t('dashFirstCallHeading')}</h2>
      <p class="muted">{t('dashFirstCallIntro')}</p>
      {f.withRemedy === 0 ? (
        <p data-testid="first-call-none">{t('dashNothingGiven')}</p>
      ) : (
        <>
          <p class="headline" data-testid="first-call-headline">
            {t('dashWithinHour', percent(f.withinHourShare), percent(f.within48hShare))}{' '}
            {t('dashMedianFirst', describeMinutes(f.medianMinutes!))}
          </p>
          <ChartTable
            title={t('dashFirstChartTitle')}
            columns={[{ label: t('dashColTime') }, { label: t('dashColIncidents'), numeric: true }, { label: t('dashColShare'), numeric: true }]}
            rows={bins.map((b) => [b.label, count(b.value), percent(b.value / f.withRemedy)])}
            csv={{ fileName: `${props.fileStem}-first-call.csv`, rows: bins.map((b) => [b.label, b.value]), header: [t('dashColTime'), t('dashColIncidents')] }}
          >
            <BarChart
              title={t('dashFirstChartTitle')}
              bars={bins.map((b) => ({ label: b.label, value: b.value, text: count(b.value) }))}
              markAfter={{ index: SEED_BIN, label: t('dashSeedMark') }}
            />
          </ChartTable>
        </>
      )}
      {given > 0 && (
        <>
          <p data-testid="on-the-spot">{t('dashOnTheSpot', percent(f.onTheSpotShare), count(f.onTheSpot), count(given))}</p>
          <ChartTable
            title={t('dashGivenHowTitle')}
            columns={[{ label: t('dashColHow') }, { label: t('dashColRemedies'), numeric: true }, { label: t('dashColShare'), numeric: true }]}
            rows={how.map((h) => [h.label, count(h.value), percent(h.share)])}
            csv={{ fileName: `${props.fileStem}-given-how.csv`, rows: how.map((h) => [h.label, h.value]), header: [t('dashColHow'), t('dashColRemedies')] }}
          >
            <BarChart title={t('dashGivenHowTitle')} bars={how.map((h) => ({ label: h.label, value: h.value, text: count(h.value) }))} />
          </ChartTable>
        </>
      )}
      {(f.pending > 0 || f.declined > 0) && <p class="muted">{t('dashPendingDeclined', count(f.pending), count(f.declined))}</p>}
    </section>
  );
}
