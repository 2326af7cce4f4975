import { useId } from 'preact/hooks';
import { t } from '@/utils/i18n';

// A horizontal bar chart drawn as SVG: one bar per row, its value written beside it, an optional
// dashed line between two rows (the seed's 48 hours). To a screen reader it is one image named by
// its title; the figures themselves are in the table every chart comes with (ChartTable).

export interface Bar {
  label: string;
  value: number;
  /** The value as written beside the bar ("12", "$340.00"). */
  text: string;
}

const WIDTH = 640;
const LABEL = 230;
const BAR_MAX = 310;
/** Longer labels are cut short in the chart; the table beside it has them whole. */
const LABEL_CHARS = 30;

function short(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1).trimEnd()}…` : label;
}
const ROW = 26;
const TOP = 6;

export function BarChart(props: { title: string; bars: readonly Bar[]; markAfter?: { index: number; label: string } }) {
  const id = useId();
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const height = TOP * 2 + props.bars.length * ROW;
  const mark = props.markAfter;
  return (
    <svg
      class="bar-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{t('dashChartSeeTable')}</desc>
      {props.bars.map((bar, i) => {
        const y = TOP + i * ROW;
        const width = bar.value > 0 ? Math.max(2, (bar.value / max) * BAR_MAX) : 0;
        return (
          <g key={bar.label} aria-hidden="true">
            <text class="bar-label" x={LABEL - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle">
              {short(bar.label)}
            </text>
            <rect class="bar" x={LABEL} y={y + 4} width={width} height={ROW - 8} rx={2} />
            <text class="bar-value" x={LABEL + width + 6} y={y + ROW / 2} dominant-baseline="middle">
              {bar.text}
            </text>
          </g>
        );
      })}
      {mark && (
        <g aria-hidden="true" class="bar-mark">
          <line x1={LABEL - 4} x2={WIDTH - 4} y1={TOP + (mark.index + 1) * ROW} y2={TOP + (mark.index + 1) * ROW} />
          <text x={WIDTH - 4} y={TOP + (mark.index + 1) * ROW - 3} text-anchor="end">
            {mark.label}
          </text>
        </g>
      )}
    </svg>
  );
}
