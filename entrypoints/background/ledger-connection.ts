import { LEDGER_DB_NAME } from '@/utils/ledger/db';
import { openLedger, type Ledger } from '@/utils/ledger/repository';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

// The background owns the incident database: one connection per service worker lifetime, opened on
// first use and reopened if the browser closes it.

export function ledgerConnection(name = LEDGER_DB_NAME): () => Promise<Ledger> {
  let ledgerPromise: Promise<Ledger> | null = null;
  return () => {
    if (!ledgerPromise) {
      const opening: Promise<Ledger> = openLedger(name, {
        onClose: () => {
          if (ledgerPromise === opening) ledgerPromise = null;
        },
      }).catch((error: unknown) => {
        if (ledgerPromise === opening) ledgerPromise = null;
        throw new Error(t('ledgerOpenFailed', errorText(error)));
      });
      ledgerPromise = opening;
    }
    return ledgerPromise;
  };
}
