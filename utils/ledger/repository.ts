import type { Me } from '../people';
import type { Policy } from '../policy/types';
import type { DueStep } from './checklist';
import { openLedgerDb, LEDGER_DB_NAME, LEDGER_DB_VERSION, type LedgerDb, type OpenCallbacks } from './db';
import type { LedgerSummary } from './summary';
import type { Command } from './decide';
import type { Decided, RecordsOf } from './commands';
import type {
  ClientHistory,
  ClientRef,
  Incident,
  IncidentFilter,
  IncidentPage,
  RemedyProposal,
  StartIncidentInput,
} from './types';
import * as commands from './commands';
import * as queries from './queries';
import { importFile, ledgerChunks, type CsvVariant, type ExportChunk, type ExportSource } from './transfer';

// The incident ledger over IndexedDB: one handle on the open database, split by job. What changes
// it is in commands.ts (each action one transaction, authority decided again there), what reads it
// in queries.ts, files in and out in transfer.ts (`exportFile` reads through this handle).

export async function openLedger(name = LEDGER_DB_NAME, callbacks: OpenCallbacks = {}): Promise<Ledger> {
  return new Ledger(await openLedgerDb(name, LEDGER_DB_VERSION, callbacks));
}

export class Ledger implements ExportSource {
  constructor(private readonly db: LedgerDb) {}

  close(): void {
    this.db.close();
  }

  // Commands.

  /**
   * One command, decided and applied in one transaction (commands.ts); its records with the
   * incident. `keep: false`: decided only, nothing stored (the firm ledger's projection stores it).
   */
  run(command: Command, me: Me, policy: Policy | null, now: number, records?: RecordsOf, keep = true): Promise<Decided> {
    return commands.runCommand(this.db, command, me, policy, now, records, keep);
  }

  startIncident(input: StartIncidentInput, me: Me, policy: Policy, now: number): Promise<Incident> {
    return commands.startIncident(this.db, input, me, policy, now);
  }

  tickStep(incidentId: string, stepId: string, done: boolean, me: Me, now: number): Promise<Incident> {
    return commands.tickStep(this.db, incidentId, stepId, done, me, now);
  }

  grantRemedy(proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
    return commands.grantRemedy(this.db, proposal, me, policy, now);
  }

  requestApproval(proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
    return commands.requestApproval(this.db, proposal, me, policy, now);
  }

  markApproved(
    incidentId: string,
    grantId: string,
    approverEmail: string,
    policy: Policy,
    now: number,
    markedBy?: Me,
  ): Promise<Incident> {
    return commands.markApproved(this.db, incidentId, grantId, approverEmail, policy, now, markedBy);
  }

  approveRequest(incidentId: string, grantId: string, me: Me, policy: Policy, now: number): Promise<Incident> {
    return commands.approveRequest(this.db, incidentId, grantId, me, policy, now);
  }

  declineRequest(incidentId: string, grantId: string, reason: string, me: Me, now: number): Promise<Incident> {
    return commands.declineRequest(this.db, incidentId, grantId, reason, me, now);
  }

  /** Incidents folded from the firm ledger's records (commands.ts). */
  applyFirmIncidents(incidents: readonly Incident[], read?: queries.HeldRead): Promise<number> {
    return commands.applyFirmIncidents(this.db, incidents, read);
  }

  /** Incidents folded from the server's records alone, written only where the ledger lacks them (commands.ts). */
  addFirmIncidents(incidents: readonly Incident[], read?: queries.HeldRead): Promise<number> {
    return commands.addFirmIncidents(this.db, incidents, read);
  }

  resolveIncident(incidentId: string, me: Me, now: number): Promise<Incident> {
    return commands.resolveIncident(this.db, incidentId, me, now);
  }

  reopenIncident(incidentId: string, now: number): Promise<Incident> {
    return commands.reopenIncident(this.db, incidentId, now);
  }

  /** Merges a JSON export into the ledger (transfer.ts). */
  importJson(fileText: string, now = Date.now()): Promise<{ added: number; updated: number; unchanged: number }> {
    return importFile(this.db, fileText, now);
  }

  // Queries.

  getIncident(incidentId: string): Promise<Incident | null> {
    return queries.getIncident(this.db, incidentId);
  }

  heldIncidentIds(incidentIds: readonly string[]): Promise<Set<string>> {
    return queries.heldIncidentIds(this.db, incidentIds);
  }

  heldIncidents(incidentIds: readonly string[], read: queries.HeldRead): Promise<Map<string, Incident>> {
    return queries.heldIncidents(this.db, incidentIds, read);
  }

  clientHistory(clientKey: string, now: number): Promise<ClientHistory> {
    return queries.clientHistory(this.db, clientKey, now);
  }

  listIncidents(filter: IncidentFilter): Promise<IncidentPage> {
    return queries.listIncidents(this.db, filter);
  }

  openIncidentCount(clientKey: string): Promise<number> {
    return queries.openIncidentCount(this.db, clientKey);
  }

  openIncidents(): Promise<Incident[]> {
    return queries.openIncidents(this.db);
  }

  pendingSteps(): Promise<DueStep[]> {
    return queries.pendingDueSteps(this.db);
  }

  overdueSteps(now: number): Promise<DueStep[]> {
    return queries.overdueDueSteps(this.db, now);
  }

  nextDueStep(now: number): Promise<DueStep | null> {
    return queries.nextDue(this.db, now);
  }

  summary(now: number): Promise<LedgerSummary> {
    return queries.ledgerSummary(this.db, now);
  }

  searchClients(query: string, limit?: number): Promise<ClientRef[]> {
    return queries.searchClients(this.db, query, limit);
  }

  incidentsAfter(after: { createdAt: number; id: string } | null, limit: number): Promise<Incident[]> {
    return queries.incidentsAfter(this.db, after, limit);
  }

  exportChunks(csv?: CsvVariant): AsyncGenerator<ExportChunk> {
    return ledgerChunks(this.db, csv);
  }

  creditNoteSequences(): Promise<Record<string, number>> {
    return queries.creditNoteSequences(this.db);
  }
}
