import { grantedTotals, moneyValue, YEAR_MS } from '../authority';
import { nextDueStep, overdueSteps, pendingSteps, type DueStep } from './checklist';
import type { ClientRecord } from './clients';
import { clientBuckets, incidentsOf, type Bucket, type BucketKey } from './buckets';
import type { LedgerDb } from './db';
import { entries, incidentsAt, incidentsIn, readBuckets, type BucketStore, type CreationKey, type Entry } from './timeline';
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
  return (await readIncident(db.transaction('buckets').store, incidentId)) ?? null;
}

/** One incident, read in the caller's transaction. */
export async function readIncident(store: BucketStore, incidentId: string): Promise<Incident | undefined> {
  return (await store.index('by-id').get(incidentId))?.incidents.find((i) => i.id === incidentId);
}

/** Every incident of one client, oldest first, read in the caller's transaction. */
export async function readClientIncidents(store: BucketStore, clientKey: string): Promise<Incident[]> {
  return incidentsOf(await store.getAll(clientBuckets(clientKey)));
}

/** Which of these incidents the ledger holds: keys only, in one transaction. */
export function heldIncidentIds(db: LedgerDb, incidentIds: readonly string[]): Promise<Set<string>> {
  return readHeldIds(db.transaction('buckets').store, incidentIds, 'each');
}

/**
 * How the incidents a batch replaces are read: `each` by its id (a batch scattered over the ledger),
 * or `span`, the index's entries between the smallest id and the largest (a page of the firm's
 * records in id order, where the ledger holds little else between them; one request when it holds
 * none of them).
 */
export type HeldRead = 'each' | 'span';

/** Which of these incidents the ledger holds, and the key of the bucket holding each, read as `read` says. */
async function heldKeys(store: BucketStore, ids: readonly string[], read: HeldRead): Promise<Map<string, BucketKey>> {
  const held = new Map<string, BucketKey>();
  if (ids.length === 0) return held;
  const index = store.index('by-id');
  if (read === 'span') {
    const sorted = [...ids].sort();
    const wanted = new Set(ids);
    let cursor = await index.openKeyCursor(IDBKeyRange.bound(sorted[0]!, sorted.at(-1)!));
    while (cursor) {
      if (wanted.has(cursor.key)) held.set(cursor.key, cursor.primaryKey);
      cursor = await cursor.continue();
    }
    return held;
  }
  const keys = await Promise.all(ids.map((id) => index.getKey(id)));
  ids.forEach((id, i) => {
    if (keys[i]) held.set(id, keys[i]);
  });
  return held;
}

/** Which of these incidents the ledger holds, keys only, read as `read` says. */
export async function readHeldIds(store: BucketStore, ids: readonly string[], read: HeldRead): Promise<Set<string>> {
  return new Set((await heldKeys(store, ids, read)).keys());
}

/** The buckets holding these incidents now, by incident id, read as `read` says. */
export async function readHeldBuckets(store: BucketStore, ids: readonly string[], read: HeldRead): Promise<Map<string, Bucket>> {
  const keys = await heldKeys(store, ids, read);
  const buckets = await readBuckets(store, keys.values());
  return new Map([...keys].map(([id, key]) => [id, buckets.get(String(key))!]));
}

/** What the ledger holds of these incidents, by id, read as `read` says. */
export async function readHeld(store: BucketStore, ids: readonly string[], read: HeldRead): Promise<Map<string, Incident>> {
  const buckets = await readHeldBuckets(store, ids, read);
  return new Map([...buckets].map(([id, bucket]) => [id, bucket.incidents.find((i) => i.id === id)!]));
}

/** `readHeld` in a transaction of its own. */
export function heldIncidents(db: LedgerDb, ids: readonly string[], read: HeldRead): Promise<Map<string, Incident>> {
  return readHeld(db.transaction('buckets').store, ids, read);
}

/**
 * What the client has had: their latest incidents summarised (newest first), the open ones in
 * full, the earlier grants that still count against the yearly cap, what they were given in the
 * last 365 days and the steps still to do. Small whatever the client's past.
 */
export async function clientHistory(db: LedgerDb, clientKey: string, now: number): Promise<ClientHistory> {
  const incidents = (await readClientIncidents(db.transaction('buckets').store, clientKey)).reverse();
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
  const store = db.transaction('buckets', 'readonly').store;
  if (filter.clientKey) {
    const incidents = (await readClientIncidents(store, filter.clientKey))
      .filter((i) => (filter.before === undefined || i.createdAt < filter.before) && (!filter.status || i.status === filter.status))
      .reverse();
    return pageOf(incidents, limit);
  }
  // Entries newest first, up to the page's end; only then are their buckets read.
  const window = filter.before === undefined ? {} : { to: [filter.before] as CreationKey };
  const listed = entries(store, window, 'prev', filter.status);
  const taken: Entry[] = [];
  let next: number | null = null;
  for await (const entry of listed) {
    const last = taken.at(-1);
    if (last && taken.length >= limit && entry.createdAt !== last.createdAt) {
      next = last.createdAt;
      break;
    }
    taken.push(entry);
  }
  return { incidents: await incidentsAt(store, taken), next };
}

/**
 * A page from incidents newest first: at least `limit`, and those created in the same millisecond
 * as the last stay on it, so the `createdAt` cursor never skips any.
 */
function pageOf(newestFirst: readonly Incident[], limit: number): IncidentPage {
  let end = Math.min(limit, newestFirst.length);
  while (end < newestFirst.length && newestFirst[end]!.createdAt === newestFirst[end - 1]!.createdAt) end++;
  return { incidents: newestFirst.slice(0, end), next: end < newestFirst.length ? newestFirst[end - 1]!.createdAt : null };
}

/** How many of the client's incidents are open: the toolbar badge. */
export async function openIncidentCount(db: LedgerDb, clientKey: string): Promise<number> {
  const incidents = await readClientIncidents(db.transaction('buckets').store, clientKey);
  return incidents.filter((i) => i.status === 'open').length;
}

/** Open incidents, newest first. */
export async function openIncidents(db: LedgerDb): Promise<Incident[]> {
  return (await incidentsIn(db.transaction('buckets').store, {}, 'open')).reverse();
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
  return summarize(await incidentsIn(db.transaction('buckets').store, { from: [now - YEAR_MS, []] }), now);
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
  // In creation order, ties by id, as the export orders them.
  const window = after ? { from: [after.createdAt, after.id] as CreationKey, fromOpen: true } : {};
  return incidentsIn(db.transaction('buckets', 'readonly').store, window, undefined, limit);
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
