import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { Notice } from '../ui/Notice';
import { errorText } from './format';

function download(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL is no longer needed once it returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DataSection() {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function exportAs(format: 'json' | 'csv') {
    setMessage(null);
    try {
      const { fileName, text } = await sendMessage('exportLedger', { format });
      download(fileName, text, format === 'json' ? 'application/json' : 'text/csv');
      setMessage({ kind: 'ok', text: `Exported ${fileName}` });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    }
  }

  async function importJson(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setMessage(null);
    try {
      const text = await file.text();
      const { added, updated, unchanged } = await sendMessage('importLedger', { text });
      setMessage({ kind: 'ok', text: `Imported ${file.name}: ${added} added, ${updated} updated, ${unchanged} unchanged` });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      input.value = '';
    }
  }

  return (
    <section class="card stack" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <p class="muted">Incidents stay in this browser. Export them to keep a copy or move them to another computer.</p>
      <div class="row">
        <button type="button" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <label class="button secondary file-button">
          Import JSON
          <input type="file" accept=".json,application/json" class="visually-hidden" onChange={importJson} />
        </label>
      </div>
      {message && <Notice kind={message.kind === 'ok' ? 'ok' : 'error'}>{message.text}</Notice>}
    </section>
  );
}
