import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { PlaybookPage } from '@/components/playbook/PlaybookPage';
import { followDraft } from '@/utils/browser/draft-channel';
import '@/components/ui/theme.css';
import '@/components/playbook/playbook.css';

startPage('pageTitlePlaybook');
// Opened from the policy editor: the playbook of the draft being edited, not of the policy in force.
const fromEditor = new URLSearchParams(location.search).get('source') === 'draft';
render(<PlaybookPage {...(fromEditor ? { followDraft } : {})} />, document.getElementById('app')!);
