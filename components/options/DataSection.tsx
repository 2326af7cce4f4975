import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { LEDGER_DB_NAME } from '@/utils/ledger/db';
import { openLedger } from '@/utils/ledger/repository';
import { exportFile } from '@/utils/ledger/transfer';
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
  format: 'json' | 'csv',
  timeZone: string,
  onProgress: (done: number, total: number) => void,
): Promise<{ fileName: string; parts: string[] }> {
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

/** `timeZone`: the firm's, for the file's date and the CSV's dates; null until the policy state is read. */
export function DataSection(props: { timeZone: string | null }) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [progress, setProgress] = useState<string | null>(null);

  async function exportAs(format: 'json' | 'csv', timeZone: string) {
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
        <button type="button" disabled={busy || timeZone === null} onClick={() => timeZone && void exportAs('csv', timeZone)}>
          Export CSV
        </button>
        <label class="button secondary file-button">
          Import JSON
          <input type="file" accept=".json,application/json" class="visually-hidden" disabled={busy} onChange={importJson} />
        </label>
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
