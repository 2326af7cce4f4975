import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { OptionsPage } from '@/components/options/OptionsPage';
import { onPageEvent } from '@/utils/browser/messaging';
import '@/components/ui/theme.css';
import '@/components/options/options.css';

// The background announces each change to the policy or the settings; this page then asks for them
// again.
function watch(refresh: () => void): () => void {
  return onPageEvent('configChanged', refresh);
}

startPage('pageTitleOptions');
render(<OptionsPage watch={watch} />, document.getElementById('app')!);
