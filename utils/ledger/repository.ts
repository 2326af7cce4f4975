import type { IDBPTransaction } from 'idb';
import { approversOf, decideAuthority, grantedTotals, moneyValue, YEAR_MS, type AuthorityDecision } from '../authority';
import type { IncidentFilter, IncidentPage, ClientRef, RemedyProposal, StartIncidentInput } from './types';
import type { Me } from '../people';
import type { Policy, Remedy } from '../policy/types';
import { checklistFor, nextDueStep, overdueSteps, pendingSteps, type DueStep } from './checklist';
import { creditNoteYear, formatCreditNoteNumber, noteNumbersGiven, parseCreditNoteNumber, sequenceKey } from './credit-notes';
import { mergeImported } from './merge';
import { clientAfter, type ClientRecord } from './clients';
import { exportFile } from './transfer';
import { openLedgerDb, LEDGER_DB_NAME, LEDGER_DB_VERSION, type LedgerDb, type LedgerSchema, type OpenCallbacks } from './db';
import { canonicalJson, parseExport } from './export';
import { summarize, type LedgerSummary } from './summary';
import {
  HISTORY_LATEST,
  type ClientHistory,
  type GrantedRemedy,
  type Incident,
  type IncidentGrants,
  type IncidentSummary,
  type RemedyLine,
} from './types';
import { errorText } from '../error-text';
import { normaliseEmail } from '../people';

// The incident ledger over IndexedDB. Every user action is one readwrite transaction with strict
// durability: it either lands whole or not at all, and a failure surfaces as an Error to show.

/** A refusal to show the person as it is ("This incident is resolved"); nothing was written. */
export class LedgerRefusal extends Error {
  override name = 'LedgerRefusal';
}

type WriteTx = IDBPTransaction<LedgerSchema, ('incidents' | 'meta' | 'clients')[], 'readwrite'>;

const PAGE_DEFAULT = 25;
const PAGE_MAX = 100;
const SEARCH_MAX = 10;
const CREDIT_NOTE_KINDS = new Set<Remedy['kind']>(['credit', 'refund']);

export async function openLedger(name = LEDGER_DB_NAME, callbacks: OpenCallbacks = {}): Promise<Ledger> {
  return new Ledger(await openLedgerDb(name, LEDGER_DB_VERSION, callbacks));
}

export class Ledger {
  constructor(private readonly db: LedgerDb) {}

  close(): void {
    this.db.close();
  }

  async startIncident(input: StartIncidentInput, me: Me, policy: Policy, now: number): Promise<Incident> {
    const category = policy.categories.find((c) => c.id === input.category);
    if (!category) throw new LedgerRefusal(`"${input.category}" is not a category in the firm's policy`);
    const clientKey = input.client.clientKey.trim();
    if (!clientKey) throw new LedgerRefusal('Choose the client first');
    const email = input.client.email ? normaliseEmail(input.client.email) : undefined;
    const incident: Incident = {
      id: crypto.randomUUID(),
      clientKey: clientKey.slice(0, 400),
      clientName: (input.client.name.trim() || clientKey).slice(0, 500),
      ...(email ? { clientEmail: email } : {}),
      source: input.client.source,
      category: category.id,
      summary: input.summary.trim().slice(0, 10_000),
      createdBy: me.email,
      createdByRole: me.role ?? '',
      createdByIdentity: me.identity ?? 'self-declared',
      createdAt: now,
      updatedAt: now,
      status: 'open',
      checklist: checklistFor(policy.checklist, now),
      remedies: [],
      policyVersion: policy.policyVersion,
    };
    return this.write(async (tx) => {
      await tx.objectStore('incidents').add(incident);
      await rememberClient(tx, incident);
      return incident;
    });
  }

  tickStep(incidentId: string, stepId: string, done: boolean, me: Me, now: number): Promise<Incident> {
    return this.change(incidentId, now, (incident) => {
      const step = incident.checklist.find((s) => s.stepId === stepId);
      if (!step) throw new LedgerRefusal('This step is not on the incident\'s checklist');
      if (done) {
        step.doneAt = now;
        step.doneBy = me.email;
      } else {
        delete step.doneAt;
        delete step.doneBy;
      }
    });
  }

  /** Grants a remedy inside the user's authority, decided again against what is stored right now. */
  grantRemedy(proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
    return this.write(async (tx) => {
      const { incident, remedy, decision } = await this.decideIn(tx, proposal, me.role, policy, now);
      if (incident.status === 'resolved') throw new LedgerRefusal('This incident is resolved: start a new one');
      if (!decision.allowed) throw new LedgerRefusal(decision.reason);
      const granted: GrantedRemedy = {
        ...newRemedy(remedy, proposal, me, policy, now),
        status: 'granted',
        decision: 'within-authority',
        grantedAt: now,
      };
      if (CREDIT_NOTE_KINDS.has(remedy.kind)) {
        granted.creditNoteNumber = await takeCreditNoteNumber(tx, policy, me.email, now);
      }
      incident.remedies.push(granted);
      incident.updatedAt = now;
      await tx.objectStore('incidents').put(incident);
      return incident;
    });
  }

  /** Records a request above the user's authority, for the approver the decision names. */
  requestApproval(proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
    return this.write(async (tx) => {
      const { incident, remedy, decision } = await this.decideIn(tx, proposal, me.role, policy, now);
      if (incident.status === 'resolved') throw new LedgerRefusal('This incident is resolved: start a new one');
      if (decision.approverRole === null) throw new LedgerRefusal(decision.reason);
      incident.remedies.push({
        ...newRemedy(remedy, proposal, me, policy, now),
        status: 'pending',
        decision: 'needs-approval',
      });
      incident.updatedAt = now;
      await tx.objectStore('incidents').put(incident);
      return incident;
    });
  }

  /**
   * Marks a pending request approved by `approverEmail`, who must be able to approve it. Recorded in
   * the requester's browser on their word (`markedBy`, else the requester), so marked unverified.
   */
  markApproved(
    incidentId: string,
    grantId: string,
    approverEmail: string,
    policy: Policy,
    now: number,
    markedBy?: Me,
  ): Promise<Incident> {
    return this.write(async (tx) => {
      const store = tx.objectStore('incidents');
      const incident = await store.get(incidentId);
      if (!incident) throw new LedgerRefusal('This incident is not in the ledger');
      const pending = incident.remedies.find((r) => r.id === grantId);
      if (!pending) throw new LedgerRefusal('This request is not on the incident');
      if (pending.status !== 'pending') throw new LedgerRefusal('This request was already decided');
      const approver = policy.staff.find((s) => s.email === normaliseEmail(approverEmail));
      if (!approver) throw new LedgerRefusal(`${approverEmail} is not on the firm's staff list`);
      const requesterRole = pending.requestedByRole || null;
      const history = await store.index('by-client').getAll(incident.clientKey);
      const proposal = { incidentId, remedyId: pending.remedyId, amount: pending.amount };
      const decision = decide(policy, requesterRole, history, incident, proposal, now);
      if (decision.approverRole === null) throw new LedgerRefusal(decision.reason);
      const approvers = approversOf(policy, requesterRole, history, { clientKey: incident.clientKey, ...proposal }, now);
      if (!approvers.some((s) => s.email === approver.email)) {
        const needed = decision.approverRoleLabel ?? 'higher role';
        throw new LedgerRefusal(`${approver.name} cannot approve this: it needs a ${needed} or above`);
      }
      pending.status = 'granted';
      pending.decision = 'approved';
      pending.approvedBy = approver.email;
      pending.approvedByIdentity = 'marked-by-requester';
      pending.approvalMarkedBy = markedBy?.email ?? pending.requestedBy;
      pending.grantedAt = now;
      if (CREDIT_NOTE_KINDS.has(pending.kind)) {
        // Recorded in the requester's browser, so numbered in the requester's series.
        pending.creditNoteNumber = await takeCreditNoteNumber(tx, policy, pending.requestedBy, now);
      }
      incident.updatedAt = now;
      await store.put(incident);
      return incident;
    });
  }

  resolveIncident(incidentId: string, me: Me, now: number): Promise<Incident> {
    return this.change(incidentId, now, (incident) => {
      if (incident.status === 'resolved') throw new LedgerRefusal('This incident is already resolved');
      incident.status = 'resolved';
      incident.resolvedAt = now;
      incident.resolvedBy = me.email;
    });
  }

  async getIncident(incidentId: string): Promise<Incident | null> {
    return (await this.db.get('incidents', incidentId)) ?? null;
  }

  /**
   * What the client has had: their latest incidents summarised (newest first), the open ones in
   * full, the earlier grants that still count against the yearly cap, what they were given in the
   * last 365 days and the steps still to do. Small whatever the client's past.
   */
  async clientHistory(clientKey: string, now: number): Promise<ClientHistory> {
    const range = IDBKeyRange.bound([clientKey, -Infinity], [clientKey, Infinity]);
    const incidents = (await this.db.getAllFromIndex('incidents', 'by-client-created', range)).reverse();
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
      openFollowUps: pendingSteps(openIncidents).length,
    };
  }

  /**
   * One page of incidents, newest first. Incidents created in the same millisecond stay on one page,
   * so the `createdAt` cursor never skips any.
   */
  async listIncidents(filter: IncidentFilter): Promise<IncidentPage> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? PAGE_DEFAULT)), PAGE_MAX);
    const upper = filter.before ?? Infinity;
    const upperOpen = filter.before !== undefined;
    const tx = this.db.transaction('incidents', 'readonly');
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
  async openIncidentCount(clientKey: string): Promise<number> {
    const incidents = await this.db.getAllFromIndex('incidents', 'by-client', clientKey);
    return incidents.filter((i) => i.status === 'open').length;
  }

  /** Open incidents, newest first. */
  async openIncidents(): Promise<Incident[]> {
    const range = IDBKeyRange.bound(['open', -Infinity], ['open', Infinity]);
    return (await this.db.getAllFromIndex('incidents', 'by-status-created', range)).reverse();
  }

  /** Unticked steps with a due time in open incidents, earliest first. */
  async pendingSteps(): Promise<DueStep[]> {
    return pendingSteps(await this.openIncidents());
  }

  async overdueSteps(now: number): Promise<DueStep[]> {
    return overdueSteps(await this.openIncidents(), now);
  }

  async nextDueStep(now: number): Promise<DueStep | null> {
    return nextDueStep(await this.openIncidents(), now);
  }

  /** Figures over the incidents created in the last 365 days. */
  async summary(now: number): Promise<LedgerSummary> {
    const range = IDBKeyRange.lowerBound(now - YEAR_MS, true);
    return summarize(await this.db.getAllFromIndex('incidents', 'by-created', range), now);
  }

  /** Distinct clients whose email (or CRM key) or any word of whose name starts with `query`. */
  async searchClients(query: string, limit = SEARCH_MAX): Promise<ClientRef[]> {
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
    const tx = this.db.transaction('clients', 'readonly');
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

  /** The whole ledger as the versioned JSON export, in one string (the options page builds the file in parts). */
  async exportJson(now: number): Promise<string> {
    return (await exportFile(this, 'json', 'UTC', now)).parts.join('');
  }

  /**
   * The next `limit` incidents in export order (oldest first, ties by id) after the incident at
   * `after` (from the start when null): the export reads the ledger a batch at a time.
   */
  async incidentsAfter(after: { createdAt: number; id: string } | null, limit: number): Promise<Incident[]> {
    const index = this.db.transaction('incidents', 'readonly').store.index('by-created');
    if (!after) return index.getAll(undefined, limit);
    // The index orders equal creation times by id, as the export does.
    const ties = (await index.getAll(IDBKeyRange.only(after.createdAt))).filter((i) => i.id > after.id).slice(0, limit);
    if (ties.length === limit) return ties;
    return [...ties, ...(await index.getAll(IDBKeyRange.lowerBound(after.createdAt, true), limit - ties.length))];
  }

  async incidentCount(): Promise<number> {
    return this.db.count('incidents');
  }

  /** Last credit note number used per `<prefix>-<year>`. */
  async creditNoteSequences(): Promise<Record<string, number>> {
    return Object.fromEntries((await this.db.getAll('meta')).map((s) => [s.key, s.last]));
  }

  /**
   * Merges an export into the ledger by incident id: new incidents are added, a newer version of a
   * known one replaces it, anything else is left alone. Credit note sequences only ever move up.
   */
  async importJson(fileText: string, now = Date.now()): Promise<{ added: number; updated: number; unchanged: number }> {
    const file = parseExport(fileText, now);
    return this.write(async (tx) => {
      const store = tx.objectStore('incidents');
      const meta = tx.objectStore('meta');
      const counts = { added: 0, updated: 0, unchanged: 0 };
      const sequences = new Map(Object.entries(file.sequences));
      // Numbers this ledger holds, read only if an added remedy's number is one it may have given.
      let held: Set<string> | null = null;
      const checkFree = async (added: readonly GrantedRemedy[]) => {
        for (const { creditNoteNumber: number } of added) {
          const parsed = number ? parseCreditNoteNumber(number) : null;
          if (!number || !parsed) continue;
          const last = (await meta.get(sequenceKey(parsed.prefix, parsed.year, parsed.code)))?.last ?? 0;
          if (parsed.sequence > last) continue;
          held ??= new Set((await store.getAll()).flatMap((i) => i.remedies.map((r) => r.creditNoteNumber ?? '')));
          if (held.has(number)) throw new LedgerRefusal(`This ledger export gives credit note ${number}, which this ledger already holds for another grant`);
        }
      };
      for (const incident of file.incidents) {
        const existing = await store.get(incident.id);
        if (!existing) {
          await checkFree(incident.remedies);
          await store.add(incident);
          await rememberClient(tx, incident);
          counts.added += 1;
          noteNumbersGiven(sequences, incident.remedies.map((r) => r.creditNoteNumber));
          continue;
        }
        const merged = mergeImported(existing, incident);
        if (!merged) {
          counts.unchanged += 1;
          continue;
        }
        const addedRemedies = merged.remedies.slice(existing.remedies.length);
        await checkFree(addedRemedies);
        await store.put(merged);
        counts.updated += 1;
        noteNumbersGiven(sequences, addedRemedies.map((r) => r.creditNoteNumber));
      }
      for (const [key, last] of sequences) {
        const current = await meta.get(key);
        if (!current || current.last < last) await meta.put({ key, last });
      }
      return counts;
    });
  }

  /** Granted remedies as CSV for the bookkeeper, dated in `timeZone` (the firm's). */
  async exportCsv(timeZone: string): Promise<string> {
    return (await exportFile(this, 'csv', timeZone, Date.now())).parts.join('');
  }

  private change(incidentId: string, now: number, apply: (incident: Incident) => void): Promise<Incident> {
    return this.write(async (tx) => {
      const store = tx.objectStore('incidents');
      const incident = await store.get(incidentId);
      if (!incident) throw new LedgerRefusal('This incident is not in the ledger');
      apply(incident);
      incident.updatedAt = now;
      await store.put(incident);
      return incident;
    });
  }

  private async decideIn(tx: WriteTx, proposal: RemedyProposal, role: string | null, policy: Policy, now: number) {
    const store = tx.objectStore('incidents');
    const incident = await store.get(proposal.incidentId);
    if (!incident) throw new LedgerRefusal('This incident is not in the ledger');
    const remedy = policy.remedies.find((r) => r.id === proposal.remedyId);
    if (!remedy) throw new LedgerRefusal(`"${proposal.remedyId}" is not a remedy in the firm's policy`);
    const history = await store.index('by-client').getAll(incident.clientKey);
    return { incident, remedy, decision: decide(policy, role, history, incident, proposal, now) };
  }

  /** Runs one user action as one transaction; on any failure the transaction is aborted whole. */
  private async write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    let tx: WriteTx | undefined;
    try {
      tx = this.db.transaction(['incidents', 'meta', 'clients'], 'readwrite', { durability: 'strict' });
      const result = await work(tx);
      await tx.done;
      return result;
    } catch (error) {
      if (tx) {
        try {
          tx.abort();
        } catch {
          // Already aborted by the failed request, or already finished: nothing left to undo.
        }
        await tx.done.catch(() => undefined);
      }
      throw error instanceof LedgerRefusal ? error : new Error(`Could not save: ${storageProblem(error)}`);
    }
  }
}

function decide(
  policy: Policy,
  role: string | null,
  history: Incident[],
  incident: Incident,
  proposal: Pick<RemedyProposal, 'incidentId' | 'remedyId' | 'amount'>,
  now: number,
): AuthorityDecision {
  if (!policy.remedies.some((r) => r.id === proposal.remedyId)) {
    throw new LedgerRefusal(`"${proposal.remedyId}" is not a remedy in the firm's policy`);
  }
  return decideAuthority(
    policy,
    role,
    history,
    { clientKey: incident.clientKey, incidentId: incident.id, remedyId: proposal.remedyId, amount: proposal.amount },
    now,
  );
}

function newRemedy(
  remedy: Remedy,
  proposal: RemedyProposal,
  me: Me,
  policy: Policy,
  now: number,
): Omit<GrantedRemedy, 'status' | 'decision'> {
  const note = proposal.note?.trim().slice(0, 5000);
  return {
    id: crypto.randomUUID(),
    remedyId: remedy.id,
    label: remedy.label,
    kind: remedy.kind,
    // An apology is never money, whatever was typed.
    amount: remedy.kind === 'apology' ? 0 : proposal.amount,
    currency: policy.firm.currency,
    requestedBy: me.email,
    requestedByRole: me.role ?? '',
    requestedByIdentity: me.identity ?? 'self-declared',
    requestedAt: now,
    ...(note ? { note } : {}),
  };
}

async function rememberClient(tx: WriteTx, incident: Incident): Promise<void> {
  const clients = tx.objectStore('clients');
  await clients.put(clientAfter(await clients.get(incident.clientKey), incident));
}

/** The next credit note number, taken in the caller's transaction: an aborted grant gives it back. */
/** The next number in the series of `writer` (their staff code's, else the firm's). */
async function takeCreditNoteNumber(tx: WriteTx, policy: Policy, writer: string, now: number): Promise<string> {
  const year = creditNoteYear(now, policy.firm.timeZone);
  const code = policy.staff.find((s) => s.email === writer)?.code;
  const key = sequenceKey(policy.creditNotes.prefix, year, code);
  const meta = tx.objectStore('meta');
  const last = (await meta.get(key))?.last ?? 0;
  await meta.put({ key, last: last + 1 });
  return formatCreditNoteNumber(policy.creditNotes.prefix, year, last + 1, code);
}

function storageProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return 'the browser has no storage space left for the ledger';
  if (name === 'InvalidStateError') return 'the ledger was closed (the extension restarted); try again';
  if (name === 'AbortError') return 'the change was interrupted before it was stored; try again';
  return errorText(error);
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
