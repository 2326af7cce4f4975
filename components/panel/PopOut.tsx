import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';

/** Opens this panel in a tab of its own, fixed to the current tab's client. */
export function PopOut({ tabId }: { tabId: number }) {
  return (
    <button
      type="button"
      class="secondary small"
      title={t('popOutTitle')}
      onClick={() => {
        void browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?tabId=${tabId}`) });
      }}
    >
      {t('popOut')}
    </button>
  );
}
