import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import '@/components/ui/theme.css';
import '@/components/panel/panel.css';
import { Panel } from '@/components/panel/Panel';

startPage('extName');
render(<Panel search={location.search} />, document.getElementById('app')!);
