// Names the firm ledger's background keeps and the tests and the benchmark read: storage.local keys,
// and the port a page holds open. Pages hear of changes by message (PageEvents in utils/messages.ts),
// never by watching these keys.

/** storage.local: the status the options page shows (it asks for it when it hears `ledgerStatus`). */
export const LEDGER_STATUS_KEY = 'firmLedgerStatus';
/** storage.local: when records last changed the incidents here (pages hear `ledgerChanged`; the benchmark reads this). */
export const LEDGER_REVISION_KEY = 'firmLedgerRevision';
/** The port name a panel or options page holds open while it shows the ledger. */
export const LEDGER_PORT = 'firm-ledger';
/**
 * storage.local: `"replication"` makes a new browser replicate record by record instead of loading
 * the server's records in pages first; `"pages"` reads the server's pages even when a snapshot is
 * kept (the benchmark compares the three; nothing in the product sets it).
 */
export const FIRST_SYNC_PATH_KEY = 'firmLedgerFirstSync';
/**
 * The config store (utils/config-store.ts): a new browser's first sync's progress; without
 * `ledgerAfter`, its ledger's pass is over (the benchmark reads it rather than counting the ledger's
 * incidents every quarter second, which at 100,000 would take the storage a second each time).
 */
export const FIRST_SYNC_PROGRESS_KEY = 'firmLedgerSnapshot';
