import { exportFile, memoryChunks, type ExportFormat, type ExportSource } from '../../../utils/ledger/transfer';
import type { Incident } from '../../../utils/ledger/types';

// The export's one path (`exportFile`), read from incidents held in memory rather than a ledger:
// how tests and the benchmark build an export file from a list, and time the formatting alone.

/** Incidents in export order (oldest first, ties by id), as the ledger's timeline gives them (utils/ledger/timeline.ts). */
export function memorySource(incidents: readonly Incident[], sequences: Record<string, number> = {}): ExportSource {
  const sorted = [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    exportChunks(csv) {
      return memoryChunks(sorted, csv);
    },
    async creditNoteSequences() {
      return sequences;
    },
  };
}

/** The whole file's text, as the options page saves it. */
export async function exportText(
  source: ExportSource,
  format: ExportFormat,
  timeZone = 'UTC',
  now = Date.now(),
): Promise<string> {
  return new Blob((await exportFile(source, format, timeZone, now)).parts).text();
}
