import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsPage } from '@/components/options/OptionsPage';
import '@/components/ui/theme.css';
import '@/components/options/options.css';

// The background writes policy state to storage.local; this page re-reads it when a sync lands.
function watch(refresh: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && ('policyState' in changes || 'settings' in changes)) refresh();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

render(<OptionsPage watch={watch} />, document.getElementById('app')!);
