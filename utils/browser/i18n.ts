import { browser } from 'wxt/browser';
import { createTranslator, setTranslator, t, uiLanguage, type MessageKey } from '@/utils/i18n';

/** The interface in the browser's language: the messages come from the extension's _locales. */
export function installBrowserMessages(): void {
  setTranslator(
    createTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions), browser.i18n.getUILanguage()),
  );
}

/** An extension page in the browser's language: its messages, its title, and `lang` for screen readers. */
export function startPage(title: MessageKey): void {
  installBrowserMessages();
  document.documentElement.lang = uiLanguage();
  document.title = t(title);
}
