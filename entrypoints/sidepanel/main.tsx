import { render } from 'preact';
import '@/components/ui/theme.css';
import '@/components/panel/panel.css';
import { Panel } from '@/components/panel/Panel';

render(<Panel search={location.search} />, document.getElementById('app')!);
