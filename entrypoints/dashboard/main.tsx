import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import '@/components/ui/theme.css';
import '@/components/dashboard/dashboard.css';

startPage('pageTitleDashboard');
render(<DashboardPage />, document.getElementById('app')!);
