// The little of PouchDB 9 this extension uses (it ships no types; @types/pouchdb-* describe 7).

declare module 'pouchdb-core' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
  }
  export interface PouchChange<D> {
    id: string;
    seq: number | string;
    doc?: D & PouchDoc;
    deleted?: boolean;
  }
  export interface PouchEmitter<T> extends PromiseLike<T> {
    on(event: string, listener: (...args: any[]) => void): this;
    cancel(): void;
  }
  export interface BulkResult {
    id?: string;
    rev?: string;
    ok?: boolean;
    error?: string | boolean;
    status?: number;
    name?: string;
    reason?: string;
    message?: string;
  }
  export interface PouchDatabase<D = Record<string, unknown>> {
    name: string;
    /** `new_edits: false`: the documents as another database holds them, revisions and all. */
    bulkDocs(docs: (D & PouchDoc)[], options?: { new_edits?: boolean }): Promise<BulkResult[]>;
    allDocs(options: {
      include_docs?: boolean;
      conflicts?: boolean;
      startkey?: string;
      endkey?: string;
      keys?: string[];
      limit?: number;
      skip?: number;
    }): Promise<{ total_rows: number; rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: D & PouchDoc; error?: string }[] }>;
    get(id: string): Promise<D & PouchDoc>;
    put(doc: D & PouchDoc): Promise<BulkResult>;
    changes(options: {
      since?: number | string;
      live?: boolean;
      include_docs?: boolean;
      conflicts?: boolean;
      limit?: number;
      return_docs?: boolean;
    }): PouchEmitter<{ results: PouchChange<D>[]; last_seq: number | string }>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    /** Of each record's revisions, those the database does not hold. */
    revsDiff(request: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>;
    close(): Promise<void>;
    destroy(): Promise<void>;
    replicate: {
      to(target: PouchDatabase<D>, options?: Record<string, unknown>): PouchEmitter<unknown>;
      from(source: PouchDatabase<D>, options?: Record<string, unknown>): PouchEmitter<unknown>;
    };
  }
  interface PouchStatic {
    new <D = Record<string, unknown>>(name: string, options?: Record<string, unknown>): PouchDatabase<D>;
    plugin(plugin: unknown): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
