import { render } from 'preact';
import { PlaybookPage } from '@/components/playbook/PlaybookPage';
import '@/components/ui/theme.css';
import '@/components/playbook/playbook.css';

render(<PlaybookPage />, document.getElementById('app')!);
