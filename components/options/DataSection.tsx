import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { LEDGER_DB_NAME } from '@/utils/ledger/db';
import { openLedger } from '@/utils/ledger/repository';
import { exportFile, type ExportFormat } from '@/utils/ledger/transfer';
import type { CsvLayout } from '@/utils/ledger/csv';
import { Notice } from '../ui/Notice';
import { Coverage } from '../ui/Coverage';
import type { Policy } from '@/utils/policy/types';
import { download } from '../ui/download';
import { errorText } from '@/utils/error-text';
import { t, type MessageKey } from '@/utils/i18n';

/** Files up to this many characters go to the background in one message. */
const WHOLE_IMPORT_CHARS = 16 * 2 ** 20;
/** Incidents per message when a larger file is imported in parts. */
const IMPORT_BATCH = 2000;

/**
 * The whole export, read from the ledger's database by this page a batch at a time (no message
 * carries it); the batches become the file's parts, never one giant string.
 */
async function exportLedger(
  format: ExportFormat,
  timeZone: string,
  onProgress: (done: number, total: number) => void,
): Promise<{ fileName: string; parts: BlobPart[] }> {
  const ledger = await openLedger(LEDGER_DB_NAME);
  try {
    return await exportFile(ledger, format, timeZone, Date.now(), onProgress);
  } finally {
    ledger.close();
  }
}

type ImportCounts = { added: number; updated: number; unchanged: number };

/**
 * A large export file goes to the background in parts: each part is the same envelope with some of
 * the incidents, and the background validates every part as a file of its own. All parts are checked
 * before any is merged, so a damaged file changes nothing.
 */
async function importInParts(text: string, onProgress: (done: number, total: number) => void): Promise<ImportCounts> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new Error(t('importNotJson'));
  }
  const incidents = (envelope as { incidents?: unknown } | null)?.incidents;
  if (typeof envelope !== 'object' || envelope === null || !Array.isArray(incidents)) {
    // Not splittable: the background says what is wrong with it.
    return sendMessage('importLedger', { text });
  }
  const part = (from: number) => JSON.stringify({ ...envelope, incidents: incidents.slice(from, from + IMPORT_BATCH) });
  const seen = new Set<unknown>();
  for (const incident of incidents) {
    const id = (incident as { id?: unknown } | null)?.id;
    if (seen.has(id)) throw new Error(t('importTwice', String(id)));
    seen.add(id);
  }
  for (let from = 0; from < incidents.length || from === 0; from += IMPORT_BATCH) {
    await sendMessage('importLedger', { text: part(from), check: true });
    onProgress(Math.min(from + IMPORT_BATCH, incidents.length), incidents.length * 2);
  }
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
  for (let from = 0; from < incidents.length || from === 0; from += IMPORT_BATCH) {
    const got = await sendMessage('importLedger', { text: part(from) });
    counts.added += got.added;
    counts.updated += got.updated;
    counts.unchanged += got.unchanged;
    onProgress(incidents.length + Math.min(from + IMPORT_BATCH, incidents.length), incidents.length * 2);
  }
  return counts;
}


const LAYOUTS: { id: CsvLayout; label: MessageKey; hint: MessageKey }[] = [
  { id: 'bookkeeper', label: 'csvBookkeeper', hint: 'csvBookkeeperHint' },
  { id: 'xero', label: 'csvXero', hint: 'csvXeroHint' },
  { id: 'quickbooks', label: 'csvQuickBooks', hint: 'csvQuickBooksHint' },
  { id: 'gifts', label: 'csvGifts', hint: 'csvGiftsHint' },
];

/** The Xero account and tax rate, remembered on this computer for the next export. */
const XERO_KEY = 'mir.xeroImport';

function rememberedXero(): { accountCode: string; taxType: string } {
  try {
    const stored = JSON.parse(localStorage.getItem(XERO_KEY) ?? 'null') as { accountCode?: unknown; taxType?: unknown } | null;
    return {
      accountCode: typeof stored?.accountCode === 'string' ? stored.accountCode : '200',
      taxType: typeof stored?.taxType === 'string' ? stored.taxType : '',
    };
  } catch {
    return { accountCode: '200', taxType: '' };
  }
}

/**
 * `timeZone`: the firm's, for the file's date and the CSV's dates; null until the policy state is
 * read. `locale`: the firm's, for the date order accounting packages expect.
 */
export function DataSection(props: { timeZone: string | null; locale?: string; policy: Policy | null }) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [layout, setLayout] = useState<CsvLayout>('bookkeeper');
  const [xero, setXero] = useState(rememberedXero);
  const layoutId = useId();

  const csvFormat = (): ExportFormat => {
    if (layout === 'bookkeeper') return 'csv';
    if (layout === 'xero') localStorage.setItem(XERO_KEY, JSON.stringify(xero));
    return { layout, ...(props.locale ? { locale: props.locale } : {}), ...(layout === 'xero' ? { xero } : {}) };
  };

  async function exportAs(format: ExportFormat, timeZone: string) {
    setMessage(null);
    setProgress(t('exporting'));
    try {
      const { fileName, parts } = await exportLedger(format, timeZone, (done, total) =>
        setProgress(t('exportingProgress', done, total)),
      );
      download(fileName, parts, format === 'json' ? 'application/json' : 'text/csv');
      setMessage({ kind: 'ok', text: t('exported', fileName) });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setProgress(null);
    }
  }

  async function importJson(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setMessage(null);
    setProgress(t('importing'));
    try {
      const text = await file.text();
      const { added, updated, unchanged } =
        text.length <= WHOLE_IMPORT_CHARS
          ? await sendMessage('importLedger', { text })
          : await importInParts(text, (done, total) => setProgress(t('importingPercent', Math.round((done / total) * 100))));
      setMessage({ kind: 'ok', text: t('imported', file.name, added, updated, unchanged) });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setProgress(null);
      input.value = '';
    }
  }

  const busy = progress !== null;
  const { timeZone } = props;
  return (
    <section class="card stack" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('dataHeading')}</h2>
      <p class="muted">{t(props.policy?.ledger ? 'dataIntroFirm' : 'dataIntro')}</p>
      <Coverage policy={props.policy} />
      <div class="row">
        <button type="button" disabled={busy || timeZone === null} onClick={() => timeZone && void exportAs('json', timeZone)}>
          {t('exportJson')}
        </button>
        <label class="button secondary file-button">
          {t('importJson')}
          <input type="file" accept=".json,application/json" class="visually-hidden" disabled={busy} onChange={importJson} />
        </label>
      </div>
      <div class="stack">
        <label for={layoutId}>{t('csvFor')}</label>
        <select id={layoutId} value={layout} onChange={(e) => setLayout(e.currentTarget.value as CsvLayout)}>
          {LAYOUTS.map((l) => (
            <option key={l.id} value={l.id}>
              {t(l.label)}
            </option>
          ))}
        </select>
        <p class="muted small">{t(LAYOUTS.find((l) => l.id === layout)?.hint ?? 'csvBookkeeperHint')}</p>
        {layout === 'xero' && (
          <div class="row">
            <label>
              {t('xeroAccount')}{' '}
              <input value={xero.accountCode} size={8} onInput={(e) => setXero({ ...xero, accountCode: e.currentTarget.value })} />
            </label>
            <label>
              {t('xeroTax')}{' '}
              <input
                value={xero.taxType}
                placeholder={t('xeroTaxPlaceholder')}
                onInput={(e) => setXero({ ...xero, taxType: e.currentTarget.value })}
              />
            </label>
          </div>
        )}
        <div class="row">
          <button type="button" disabled={busy || timeZone === null} onClick={() => timeZone && void exportAs(csvFormat(), timeZone)}>
            {t('exportCsv')}
          </button>
        </div>
      </div>
      {progress !== null && (
        <p class="muted" role="status" data-testid="data-progress">
          {progress}
        </p>
      )}
      {message && <Notice kind={message.kind === 'ok' ? 'ok' : 'error'}>{message.text}</Notice>}
    </section>
  );
}
