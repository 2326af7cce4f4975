import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { EditorPage } from '@/components/editor/EditorPage';
import type { Example } from '@/components/editor/Sources';
import { download } from '@/components/ui/download';
import '@/components/ui/theme.css';
import '@/components/editor/editor.css';

const EXAMPLES: Example[] = [
  { id: 'accounting-firm', label: 'the accounting firm example', path: 'policies/accounting-firm.json' },
  { id: 'law-firm', label: 'the law firm example', path: 'policies/law-firm.json' },
];

async function loadExample(example: Example): Promise<string> {
  const response = await fetch(example.path);
  if (!response.ok) throw new Error(`Could not open ${example.label} (HTTP ${response.status})`);
  return response.text();
}

startPage('pageTitleEditor');
render(<EditorPage examples={EXAMPLES} loadExample={loadExample} save={(text, fileName) => download(fileName, [text], 'application/json')} />, document.getElementById('app')!);
