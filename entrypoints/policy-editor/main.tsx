import { render } from 'preact';
import { EditorPage } from '@/components/editor/EditorPage';
import type { Example } from '@/components/editor/Sources';
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

function save(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

render(<EditorPage examples={EXAMPLES} loadExample={loadExample} save={save} />, document.getElementById('app')!);
