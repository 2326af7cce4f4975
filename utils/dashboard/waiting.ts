import { DEFAULT_ESCALATE_AFTER_MINUTES } from '../firm-ledger/approvals';
import type { Policy } from '../policy/types';
import { byName, median } from './select';
import type { DashboardIncident, DashboardRemedy } from './types';

// "Where do people wait?": every request for approval (a remedy above its asker's authority), by who
// answered it. A request waits from when it was asked to its answer, or to now while unanswered.

const MINUTE = 60_000;

export interface ApproverRow {
  /** Email of who answered ('' when an old record did not name them). */
  approver: string;
  /** Requests they answered: approved plus declined. */
  answered: number;
  approved: number;
  declined: number;
  medianWaitMinutes: number;
  slowestWaitMinutes: number;
  /** Answered only after the escalation time had passed (it had gone up to the next role). */
  escalated: number;
}

export interface Waiting {
  /** Every request for approval in the incidents counted. */
  requests: number;
  /** One row per approver, most requests first. */
  byApprover: ApproverRow[];
  /** Requests nobody has answered yet. */
  unanswered: number;
  /** How long the oldest unanswered request has waited so far; null when none waits. */
  oldestUnansweredMinutes: number | null;
  /** Unanswered past the escalation time. */
  unansweredEscalated: number;
  /** Over all answered requests; null when none was answered. */
  medianWaitMinutes: number | null;
  escalateAfterMinutes: number;
}

/** A remedy that was asked for rather than given on the spot. */
export function isRequest(remedy: DashboardRemedy): boolean {
  return remedy.decision !== 'within-authority';
}

/** When a request was answered and by whom; null while it waits. */
export function answerOf(remedy: DashboardRemedy): { by: string; at: number } | null {
  if (remedy.status === 'granted') return { by: remedy.approvedBy ?? '', at: remedy.grantedAt ?? remedy.requestedAt };
  if (remedy.status === 'declined') return { by: remedy.declinedBy ?? '', at: remedy.declinedAt ?? remedy.requestedAt };
  return null;
}

/** What the waits need of the policy: its escalation time, when it names a firm ledger. */
export type EscalationPolicy = { ledger?: Pick<NonNullable<Policy['ledger']>, 'escalateAfterMinutes'> | undefined };

export function escalateAfterMinutes(policy: EscalationPolicy): number {
  return policy.ledger?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES;
}

export function waiting(incidents: readonly DashboardIncident[], policy: EscalationPolicy, now: number): Waiting {
  const escalateAfter = escalateAfterMinutes(policy);
  const rows = new Map<string, { approved: number; declined: number; waits: number[]; escalated: number }>();
  const allWaits: number[] = [];
  let requests = 0;
  let unanswered = 0;
  let unansweredEscalated = 0;
  let oldest: number | null = null;
  for (const incident of incidents) {
    for (const remedy of incident.remedies) {
      if (!isRequest(remedy)) continue;
      requests += 1;
      const answer = answerOf(remedy);
      if (!answer) {
        unanswered += 1;
        const sofar = Math.max(0, now - remedy.requestedAt) / MINUTE;
        if (sofar > escalateAfter) unansweredEscalated += 1;
        oldest = oldest === null ? sofar : Math.max(oldest, sofar);
        continue;
      }
      const wait = Math.max(0, answer.at - remedy.requestedAt) / MINUTE;
      let row = rows.get(answer.by);
      if (!row) {
        row = { approved: 0, declined: 0, waits: [], escalated: 0 };
        rows.set(answer.by, row);
      }
      if (remedy.status === 'granted') row.approved += 1;
      else row.declined += 1;
      row.waits.push(wait);
      if (wait > escalateAfter) row.escalated += 1;
      allWaits.push(wait);
    }
  }
  const byApprover: ApproverRow[] = [...rows]
    .map(([approver, row]) => ({
      approver,
      answered: row.waits.length,
      approved: row.approved,
      declined: row.declined,
      medianWaitMinutes: median(row.waits)!,
      slowestWaitMinutes: row.waits.reduce((max, w) => Math.max(max, w), 0),
      escalated: row.escalated,
    }))
    .sort((a, b) => b.answered - a.answered || byName(a.approver, b.approver));
  return {
    requests,
    byApprover,
    unanswered,
    oldestUnansweredMinutes: oldest,
    unansweredEscalated,
    medianWaitMinutes: median(allWaits),
    escalateAfterMinutes: escalateAfter,
  };
}
