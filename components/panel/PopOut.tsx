import { browser } from 'wxt/browser';

/** Opens this panel in a tab of its own, fixed to the current tab's client. */
export function PopOut({ tabId }: { tabId: number }) {
  return (
    <button
      type="button"
      class="secondary small"
      title="Open the panel in its own tab"
      onClick={() => {
        void browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?tabId=${tabId}`) });
      }}
    >
      Pop out
    </button>
  );
}
