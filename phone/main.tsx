import { render } from 'preact';
import { createTranslator, setTranslator, t } from '@/utils/i18n';
import { substitute, type Messages } from '@/utils/i18n/substitute';
import { PhoneApp } from '@/components/phone/PhoneApp';
import { ledgerOfPage } from '@/utils/firm-ledger/phone';
import { couchAt } from './couch';
import './phone.css';

// The phone page's entry: the messages of the phone's language (en, fr, de or es; the page holds
// only the keys it uses, one file per language beside it), then the page.

const LANGUAGES = ['en', 'fr', 'de', 'es'];

function language(): string {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.split('-')[0]!.toLowerCase();
    if (LANGUAGES.includes(base)) return tag;
  }
  return 'en';
}

async function start(): Promise<void> {
  const tag = language();
  const base = tag.split('-')[0]!.toLowerCase();
  const table = (await (await fetch(`messages-${base}.json`)).json()) as Messages;
  setTranslator(createTranslator((key, subs) => (table[key] ? substitute(table[key].message, subs) : ''), tag));
  document.documentElement.lang = tag;
  document.title = t('phonePageTitle');
  render(<PhoneApp couch={couchAt(ledgerOfPage(location.href))} />, document.getElementById('app')!);
}

void start();
