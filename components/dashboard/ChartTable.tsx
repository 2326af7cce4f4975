import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { download } from '../ui/download';
import { tableCsv, type CsvValue } from '@/utils/dashboard/csv';
import { t } from '@/utils/i18n';

// Every chart's figures as a table, for screen readers and for copying, with its CSV export: the
// table on screen and the file have the same rows. `csv` rows are raw values (money as decimals).

export interface Column {
  label: string;
  /** Right-aligned (numbers, money, durations). */
  numeric?: boolean;
}

export function ChartTable(props: {
  title: string;
  columns: readonly Column[];
  /** What the table shows. */
  rows: readonly (readonly string[])[];
  /** What the CSV file holds, row for row; its header is the columns' labels. */
  csv: { fileName: string; header?: readonly string[]; rows: readonly (readonly CsvValue[])[] };
  /** A chart shown above the table. */
  children?: ComponentChildren;
  /** The section's heading already says it on screen: the caption is for screen readers only. */
  captionHidden?: boolean;
}) {
  const id = useId();
  return (
    <figure class="chart-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class={props.captionHidden ? 'visually-hidden' : 'chart-title'}>
        {props.title}
      </figcaption>
      {props.children}
      <div class="table-scroll" tabIndex={0} aria-labelledby={`${id}-caption`}>
        <table class="figures">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.label} scope="col" class={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} class={props.columns[i]?.numeric ? 'num' : undefined}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        class="secondary small no-print"
        aria-label={t('dashExportCsvOf', props.title)}
        onClick={() =>
          download(
            props.csv.fileName,
            [tableCsv(props.csv.header ?? props.columns.map((c) => c.label), props.csv.rows)],
            'text/csv;charset=utf-8',
          )
        }
      >
        {t('dashExportCsv')}
      </button>
    </figure>
  );
}
