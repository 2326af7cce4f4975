import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { LEDGER_DB_NAME } from '@/utils/ledger/db';
import { openLedger } from '@/utils/ledger/repository';
import { exportFile, type ExportFormat } from '@/utils/ledger/transfer';
import type { CsvLayout } from '@/utils/ledger/csv';
import { Notice } from '../ui/Notice';
import { download } from '../ui/download';
import { errorText } from '@/utils/error-text';

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
    throw new Error('This file is not JSON, so it is not a Make It Right ledger export');
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
    if (seen.has(id)) throw new Error(`This ledger export lists incident ${String(id)} twice`);
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

const count = (n: number) => n.toLocaleString('en-US');

const LAYOUTS: { id: CsvLayout; label: string; hint: string }[] = [
  {
    id: 'bookkeeper',
    label: 'Your bookkeeper: everything given',
    hint: 'Credit notes first, then fees waived, then gifts (expenses); each with its kind, who granted it and whether that is verified. Apologies at no cost are left out.',
  },
  {
    id: 'xero',
    label: 'Xero: credit notes',
    hint: "Xero's sales invoice import template, as Xero offers it under Business › Invoices › Import: each credit note a line with a negative amount, which Xero imports as a credit note with its number.",
  },
  {
    id: 'quickbooks',
    label: 'QuickBooks Online: credit notes',
    hint: 'QuickBooks Online imports credit notes under ⚙ › Import data › Credit notes where it has them (UK, Canada, Australia and others); you match each column once. QuickBooks Online in the US imports no credit memos: enter them from the bookkeeper’s file.',
  },
  { id: 'gifts', label: 'Gifts, to enter as expenses', hint: 'Gifts alone: date, gift, amount, the client it was for and who granted it.' },
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
export function DataSection(props: { timeZone: string | null; locale?: string }) {
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
    setProgress('Exporting…');
    try {
      const { fileName, parts } = await exportLedger(format, timeZone, (done, total) =>
        setProgress(`Exporting… ${count(done)} of ${count(total)} incidents`),
      );
      download(fileName, parts, format === 'json' ? 'application/json' : 'text/csv');
      setMessage({ kind: 'ok', text: `Exported ${fileName}` });
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
    setProgress('Importing…');
    try {
      const text = await file.text();
      const { added, updated, unchanged } =
        text.length <= WHOLE_IMPORT_CHARS
          ? await sendMessage('importLedger', { text })
          : await importInParts(text, (done, total) => setProgress(`Importing… ${Math.round((done / total) * 100)} %`));
      setMessage({ kind: 'ok', text: `Imported ${file.name}: ${added} added, ${updated} updated, ${unchanged} unchanged` });
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
      <h2 id="data-heading">Data</h2>
      <p class="muted">Incidents stay in this browser. Export them to keep a copy or move them to another computer.</p>
      <div class="row">
        <button type="button" disabled={busy || timeZone === null} onClick={() => timeZone && void exportAs('json', timeZone)}>
          Export JSON
        </button>
        <label class="button secondary file-button">
          Import JSON
          <input type="file" accept=".json,application/json" class="visually-hidden" disabled={busy} onChange={importJson} />
        </label>
      </div>
      <div class="stack">
        <label for={layoutId}>CSV for</label>
        <select id={layoutId} value={layout} onChange={(e) => setLayout(e.currentTarget.value as CsvLayout)}>
          {LAYOUTS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
        <p class="muted small">{LAYOUTS.find((l) => l.id === layout)?.hint}</p>
        {layout === 'xero' && (
          <div class="row">
            <label>
              Xero account code{' '}
              <input value={xero.accountCode} size={8} onInput={(e) => setXero({ ...xero, accountCode: e.currentTarget.value })} />
            </label>
            <label>
              Xero tax rate{' '}
              <input
                value={xero.taxType}
                placeholder="as your Xero names it"
                onInput={(e) => setXero({ ...xero, taxType: e.currentTarget.value })}
              />
            </label>
          </div>
        )}
        <div class="row">
          <button type="button" disabled={busy || timeZone === null} onClick={() => timeZone && void exportAs(csvFormat(), timeZone)}>
            Export CSV
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
