// The server's index of the firm's records by client (a design document of its own, beside the
// rules'), written by `ledger:setup`: a browser signing in for the first time reads the records of
// the client on screen through it before anything else, so the panel shows that client's firm-wide
// totals within a moment, while the rest of the ledger loads. A JavaScript view, not a Mango index:
// replicated into a replica, a Mango index's design document would make PouchDB's IndexedDB
// adapter index every record there too.

export const CLIENT_INDEX_ID = '_design/make-it-right-clients';
export const CLIENT_VIEW = 'records';

export interface ClientIndexDoc {
  _id: typeof CLIENT_INDEX_ID;
  _rev?: string;
  language: 'javascript';
  views: Record<typeof CLIENT_VIEW, { map: string }>;
}

export function clientIndexDoc(): ClientIndexDoc {
  return {
    _id: CLIENT_INDEX_ID,
    language: 'javascript',
    views: { [CLIENT_VIEW]: { map: 'function (doc) { if (typeof doc.clientKey === "string") emit(doc.clientKey, null); }' } },
  };
}

/** The view's address under the database URL: one client's records, with their conflicts. */
export function clientRecordsPath(clientKey: string): string {
  return `${CLIENT_INDEX_ID}/_view/${CLIENT_VIEW}?key=${encodeURIComponent(JSON.stringify(clientKey))}&include_docs=true&conflicts=true`;
}
