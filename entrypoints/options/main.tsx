import { render } from 'preact';
import { startPage } from '@/utils/browser/i18n';
import { browser } from 'wxt/browser';
import { OptionsPage } from '@/components/options/OptionsPage';
import { CONFIG_CHANGED_KEY } from '@/utils/config-store';
import '@/components/ui/theme.css';
import '@/components/options/options.css';

// The background marks each change to the policy or the settings in storage.local; this page then
// asks for them again.
function watch(refresh: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && CONFIG_CHANGED_KEY in changes) refresh();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

startPage('pageTitleOptions');
render(<OptionsPage watch={watch} />, document.getElementById('app')!);
