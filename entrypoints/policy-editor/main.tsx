import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { EditorPage } from '@/components/editor/EditorPage';
import type { Example } from '@/components/editor/Sources';
import { download } from '@/components/ui/download';
import '@/components/ui/theme.css';
import '@/components/editor/editor.css';
import { t } from '@/utils/i18n';
import { parseDraft } from '@/utils/editor/draft';

// Named once the page's messages are installed.
const examples = (): Example[] => [
  { id: 'accounting-firm', label: t('edExampleAccounting'), path: 'policies/accounting-firm.json' },
  { id: 'law-firm', label: t('edExampleLaw'), path: 'policies/law-firm.json' },
];

async function loadExample(example: Example): Promise<string> {
  const response = await fetch(example.path);
  if (!response.ok) throw new Error(t('edExampleFailed', example.label, response.status));
  return response.text();
}

startPage('pageTitleEditor');
render(<EditorPage examples={examples()} loadExample={loadExample} save={(text, fileName) => download(fileName, [text], 'application/json')} draft={parseDraft(location.search)} />, document.getElementById('app')!);
