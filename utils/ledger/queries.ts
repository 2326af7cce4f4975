import { grantedTotals, moneyValue, YEAR_MS } from '../authority';
import { nextDueStep, overdueSteps, pendingSteps, type DueStep } from './checklist';
import type { ClientRecord } from './clients';
import { clientRange, type LedgerDb } from './db';
import { summarize, type LedgerSummary } from './summary';
import {
  HISTORY_LATEST,
  type ClientHistory,
  type ClientRef,
  type GrantedRemedy,
  type Incident,
  type IncidentFilter,
  type IncidentGrants,
  type IncidentPage,
  type IncidentSummary,
  type RemedyLine,
} from './types';

// What the ledger is asked: reads only, each bounded in what it loads (a page, a client, a year).

const PAGE_DEFAULT = 25;
const PAGE_MAX = 100;
const SEARCH_MAX = 10;

export async function getIncident(db: LedgerDb, incidentId: string): Promise<Incident | null> {
  return (await db.get('incidents', incidentId)) ?? null;
}

/** Which of these incidents the ledger holds: keys only, in one transaction. */
export function heldIncidentIds(db: LedgerDb, incidentIds: readonly string[]): Promise<Set<string>> {
  return readHeldIds(db.transaction('incidents').store, incidentIds, 'each');
}

/**
 * How the incidents a batch replaces are read: `each` by its id (a batch scattered over the ledger),
 * or `span`, every incident between the smallest id and the largest in one request (a page of the
 * firm's records in id order, where the ledger holds little else between them).
 */
export type HeldRead = 'each' | 'span';

/** The incidents' store, in a read or a write transaction. */
interface IncidentStore {
  get(id: string): Promise<Incident | undefined>;
  getAll(range: IDBKeyRange): Promise<Incident[]>;
  getKey(id: string): Promise<string | undefined>;
  getAllKeys(range: IDBKeyRange): Promise<string[]>;
}

/** Which of these incidents the ledger holds, keys only, read as `read` says. */
export async function readHeldIds(store: IncidentStore, ids: readonly string[], read: HeldRead): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  if (read === 'span') {
    const sorted = [...ids].sort();
    return new Set(await store.getAllKeys(IDBKeyRange.bound(sorted[0]!, sorted.at(-1)!)));
  }
  const keys = await Promise.all(ids.map((id) => store.getKey(id)));
  return new Set(keys.filter((key): key is string => typeof key === 'string'));
}

/** What the ledger holds of these incidents, by id, read as `read` says. */
export async function readHeld(store: IncidentStore, ids: readonly string[], read: HeldRead): Promise<Map<string, Incident>> {
  if (ids.length === 0) return new Map();
  if (read === 'span') {
    const sorted = [...ids].sort();
    const wanted = new Set(ids);
    const all = await store.getAll(IDBKeyRange.bound(sorted[0]!, sorted.at(-1)!));
    return new Map(all.filter((incident) => wanted.has(incident.id)).map((incident) => [incident.id, incident]));
  }
  const held = await Promise.all(ids.map((id) => store.get(id)));
  return new Map(held.flatMap((incident) => (incident ? [[incident.id, incident] as const] : [])));
}

/** `readHeld` in a transaction of its own. */
export function heldIncidents(db: LedgerDb, ids: readonly string[], read: HeldRead): Promise<Map<string, Incident>> {
  return readHeld(db.transaction('incidents').store, ids, read);
}

/**
 * What the client has had: their latest incidents summarised (newest first), the open ones in
 * full, the earlier grants that still count against the yearly cap, what they were given in the
 * last 365 days and the steps still to do. Small whatever the client's past.
 */
export async function clientHistory(db: LedgerDb, clientKey: string, now: number): Promise<ClientHistory> {
  const incidents = (await db.getAllFromIndex('incidents', 'by-client-created', clientRange(clientKey))).reverse();
  const openIncidents = incidents.filter((i) => i.status === 'open');
  const earlierGrants: IncidentGrants[] = [];
  for (const incident of incidents.slice(HISTORY_LATEST)) {
    if (incident.status === 'open') continue; // in full among the open ones
    // Counted as `grantedTotals` counts them: a grant dated after `now` counts too.
    const remedies = incident.remedies
      .filter((r) => moneyValue(r) > 0 && now - (r.grantedAt ?? r.requestedAt) < YEAR_MS)
      .map(remedyLine);
    if (remedies.length > 0) earlierGrants.push({ id: incident.id, clientKey: incident.clientKey, remedies });
  }
  const latest = incidents[0];
  return {
    clientKey,
    ...(latest ? { clientName: latest.clientName } : {}),
    ...(latest?.clientEmail ? { clientEmail: latest.clientEmail } : {}),
    incidentCount: incidents.length,
    incidents: incidents.slice(0, HISTORY_LATEST).map(incidentSummary),
    openIncidents,
    earlierGrants,
    givenLast365: grantedTotals(incidents, clientKey, now).clientLast365,
  };
}

/**
 * One page of incidents, newest first. Incidents created in the same millisecond stay on one page,
 * so the `createdAt` cursor never skips any.
 */
export async function listIncidents(db: LedgerDb, filter: IncidentFilter): Promise<IncidentPage> {
  const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? PAGE_DEFAULT)), PAGE_MAX);
  const upper = filter.before ?? Infinity;
  const upperOpen = filter.before !== undefined;
  const tx = db.transaction('incidents', 'readonly');
  let cursor = filter.clientKey
    ? await tx.store
        .index('by-client-created')
        .openCursor(IDBKeyRange.bound([filter.clientKey, -Infinity], [filter.clientKey, upper], false, upperOpen), 'prev')
    : filter.status
      ? await tx.store
          .index('by-status-created')
          .openCursor(IDBKeyRange.bound([filter.status, -Infinity], [filter.status, upper], false, upperOpen), 'prev')
      : await tx.store.index('by-created').openCursor(IDBKeyRange.upperBound(upper, upperOpen), 'prev');
  const incidents: Incident[] = [];
  while (cursor) {
    const incident = cursor.value;
    const last = incidents.at(-1);
    if (last && incidents.length >= limit && incident.createdAt !== last.createdAt) {
      return { incidents, next: last.createdAt };
    }
    if (!filter.status || incident.status === filter.status) incidents.push(incident);
    cursor = await cursor.continue();
  }
  return { incidents, next: null };
}

/** How many of the client's incidents are open: the toolbar badge. */
export async function openIncidentCount(db: LedgerDb, clientKey: string): Promise<number> {
  const incidents = await db.getAllFromIndex('incidents', 'by-client-created', clientRange(clientKey));
  return incidents.filter((i) => i.status === 'open').length;
}

/** Open incidents, newest first. */
export async function openIncidents(db: LedgerDb): Promise<Incident[]> {
  const range = IDBKeyRange.bound(['open', -Infinity], ['open', Infinity]);
  return (await db.getAllFromIndex('incidents', 'by-status-created', range)).reverse();
}

/** Unticked steps with a due time in open incidents, earliest first. */
export async function pendingDueSteps(db: LedgerDb): Promise<DueStep[]> {
  return pendingSteps(await openIncidents(db));
}

export async function overdueDueSteps(db: LedgerDb, now: number): Promise<DueStep[]> {
  return overdueSteps(await openIncidents(db), now);
}

export async function nextDue(db: LedgerDb, now: number): Promise<DueStep | null> {
  return nextDueStep(await openIncidents(db), now);
}

/** Figures over the incidents created in the last 365 days. */
export async function ledgerSummary(db: LedgerDb, now: number): Promise<LedgerSummary> {
  const range = IDBKeyRange.lowerBound(now - YEAR_MS, true);
  return summarize(await db.getAllFromIndex('incidents', 'by-created', range), now);
}

/** Distinct clients whose email (or CRM key) or any word of whose name starts with `query`. */
export async function searchClients(db: LedgerDb, query: string, limit = SEARCH_MAX): Promise<ClientRef[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const max = Math.min(Math.max(1, limit), SEARCH_MAX);
  const prefix = IDBKeyRange.bound(q, `${q}\uffff`);
  const found = new Map<string, ClientRef>();
  const add = (client: ClientRecord) => {
    if (found.has(client.clientKey)) return;
    found.set(client.clientKey, {
      clientKey: client.clientKey,
      name: client.name,
      ...(client.email ? { email: client.email } : {}),
    });
  };
  const tx = db.transaction('clients', 'readonly');
  let byKey = await tx.store.openCursor(prefix);
  while (byKey && found.size < max) {
    add(byKey.value);
    byKey = await byKey.continue();
  }
  let byWord = await tx.store.index('by-word').openCursor(prefix);
  while (byWord && found.size < max) {
    add(byWord.value);
    byWord = await byWord.continue();
  }
  return [...found.values()];
}

/**
 * The next `limit` incidents in export order (oldest first, ties by id) after the incident at
 * `after` (from the start when null): the firm ledger's upgrade reads the ledger a batch at a time.
 */
export async function incidentsAfter(
  db: LedgerDb,
  after: { createdAt: number; id: string } | null,
  limit: number,
): Promise<Incident[]> {
  const index = db.transaction('incidents', 'readonly').store.index('by-created');
  if (!after) return index.getAll(undefined, limit);
  // The index orders equal creation times by id, as the export does.
  const ties = (await index.getAll(IDBKeyRange.only(after.createdAt))).filter((i) => i.id > after.id).slice(0, limit);
  if (ties.length === limit) return ties;
  return [...ties, ...(await index.getAll(IDBKeyRange.lowerBound(after.createdAt, true), limit - ties.length))];
}

/** Last credit note number used per `<prefix>-<year>`. */
export async function creditNoteSequences(db: LedgerDb): Promise<Record<string, number>> {
  return Object.fromEntries((await db.getAll('meta')).map((s) => [s.key, s.last]));
}

function remedyLine(remedy: GrantedRemedy): RemedyLine {
  const { kind, amount, status, requestedAt, grantedAt } = remedy;
  return grantedAt === undefined ? { kind, amount, status, requestedAt } : { kind, amount, status, requestedAt, grantedAt };
}

function incidentSummary(incident: Incident): IncidentSummary {
  const { id, clientKey, createdAt, category, summary, status } = incident;
  const remedies = incident.remedies.filter((r) => r.status === 'granted').map(remedyLine);
  return { id, clientKey, createdAt, category, summary, status, remedies };
}
