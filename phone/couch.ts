import { DESIGN_DOC_ID, type LedgerDesignDoc } from '@/utils/firm-ledger/design-doc';
import { PHONE_DOC_ID, type ApprovalRow, type PhoneDesignDoc } from '@/utils/firm-ledger/phone';
import { awayRange } from '@/utils/firm-ledger/ids';
import { ledgerRecords } from '@/utils/firm-ledger/replica';
import type { LedgerRecord } from '@/utils/firm-ledger/records';

// The phone page's only way to the firm's CouchDB: same origin (the page is an attachment of the
// database's design document), so CouchDB's cookie session works in every phone browser.

/** An answer the server gave that is not a success: its status and its reason. */
export class CouchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Couch {
  session(): Promise<string | null>;
  signIn(name: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  phoneDoc(): Promise<PhoneDesignDoc>;
  rules(): Promise<LedgerDesignDoc>;
  approvals(): Promise<ApprovalRow[]>;
  clientRecords(clientKey: string): Promise<LedgerRecord[]>;
  /** The highest sequence given in a credit-note series ("CN-2026-DP"), 0 when none. */
  lastSequence(series: string): Promise<number>;
  put(doc: { _id: string }): Promise<void>;
  /** Every away record's document (few: one per absence), to be proven by `awayRecords`. */
  awayDocs(): Promise<unknown[]>;
}

export function couchAt(db: string): Couch {
  const root = db.replace(/\/[^/]*$/, '');
  const call = async <T,>(url: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    });
    const body = (await response.json().catch(() => ({}))) as T & { reason?: string; error?: string };
    if (!response.ok) throw new CouchError(response.status, body.reason ?? body.error ?? `HTTP ${response.status}`);
    return body;
  };
  const q = (params: Record<string, unknown>) =>
    Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
      .join('&');
  const view = (name: string) => `${db}/${PHONE_DOC_ID}/_view/${name}`;
  return {
    async session() {
      const body = await call<{ userCtx: { name: string | null } }>(`${root}/_session`);
      return body.userCtx.name;
    },
    async signIn(name, password) {
      await call(`${root}/_session`, { method: 'POST', body: JSON.stringify({ name, password }) });
    },
    async signOut() {
      await call(`${root}/_session`, { method: 'DELETE' });
    },
    phoneDoc: () => call<PhoneDesignDoc>(`${db}/${PHONE_DOC_ID}`),
    rules: () => call<LedgerDesignDoc>(`${db}/${DESIGN_DOC_ID}`),
    async approvals() {
      return (await call<{ rows: ApprovalRow[] }>(view('approvals'))).rows;
    },
    async clientRecords(clientKey) {
      const body = await call<{ rows: { doc?: unknown }[] }>(`${view('by-client')}?${q({ key: clientKey, include_docs: true, conflicts: true })}`);
      return ledgerRecords(body.rows.map((r) => r.doc));
    },
    async lastSequence(series) {
      const body = await call<{ rows: { key: [string, number] }[] }>(
        `${view('credit-notes')}?${q({ startkey: [series, {}], endkey: [series], descending: true, limit: 1 })}`,
      );
      return body.rows[0]?.key[1] ?? 0;
    },
    async awayDocs() {
      const body = await call<{ rows: { doc?: unknown }[] }>(`${db}/_all_docs?${q({ ...awayRange, include_docs: true, conflicts: true })}`);
      return body.rows.map((r) => r.doc);
    },
    async put(doc) {
      await call(`${db}/${encodeURIComponent(doc._id)}`, { method: 'PUT', body: JSON.stringify(doc) });
    },
  };
}
