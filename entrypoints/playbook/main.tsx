import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { PlaybookPage } from '@/components/playbook/PlaybookPage';
import '@/components/ui/theme.css';
import '@/components/playbook/playbook.css';

startPage('pageTitlePlaybook');
render(<PlaybookPage />, document.getElementById('app')!);
