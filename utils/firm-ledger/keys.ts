// Where the background and the pages it serves meet over the firm ledger: storage.local keys they
// watch, and the port a page holds open. One home, so a renamed key cannot leave a page deaf.

/** storage.local: the status the options page shows (it watches this key). */
export const LEDGER_STATUS_KEY = 'firmLedgerStatus';
/** storage.local: when records last changed the incidents here (pages hear `ledgerChanged`; the benchmark reads this). */
export const LEDGER_REVISION_KEY = 'firmLedgerRevision';
/** The port name a panel or options page holds open while it shows the ledger. */
export const LEDGER_PORT = 'firm-ledger';
/**
 * storage.local: `"replication"` makes a new browser replicate record by record instead of loading
 * the server's records in pages first (the benchmark compares both; nothing in the product sets it).
 */
export const FIRST_SYNC_PATH_KEY = 'firmLedgerFirstSync';
