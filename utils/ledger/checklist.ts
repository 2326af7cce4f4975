import type { ChecklistStep } from '../policy/types';
import type { ChecklistProgress, Incident } from './types';

// Checklist due times: each step of the policy is due `dueWithinMinutes` after the incident starts.

export function checklistFor(steps: readonly ChecklistStep[], createdAt: number): ChecklistProgress[] {
  return steps.map((step) => ({
    stepId: step.id,
    label: step.label,
    ...(step.dueWithinMinutes === undefined ? {} : { dueAt: createdAt + step.dueWithinMinutes * 60_000 }),
  }));
}

/** A checklist step still to do, with the incident it belongs to. */
export interface DueStep {
  incidentId: string;
  clientKey: string;
  clientName: string;
  incidentCreatedAt: number;
  stepId: string;
  label: string;
  dueAt: number;
}

/** Unticked steps with a due time in open incidents, earliest first. */
export function pendingSteps(incidents: Iterable<Incident>): DueStep[] {
  const steps: DueStep[] = [];
  for (const incident of incidents) {
    if (incident.status !== 'open') continue;
    for (const step of incident.checklist) {
      if (step.doneAt !== undefined || step.dueAt === undefined) continue;
      steps.push({
        incidentId: incident.id,
        clientKey: incident.clientKey,
        clientName: incident.clientName,
        incidentCreatedAt: incident.createdAt,
        stepId: step.stepId,
        label: step.label,
        dueAt: step.dueAt,
      });
    }
  }
  return steps.sort((a, b) => a.dueAt - b.dueAt || a.incidentId.localeCompare(b.incidentId));
}

/** Steps whose due time has passed (or is now). */
export function overdueSteps(incidents: Iterable<Incident>, now: number): DueStep[] {
  return pendingSteps(incidents).filter((s) => s.dueAt <= now);
}

/** The next step to fall due after `now`, for the reminder alarm. */
export function nextDueStep(incidents: Iterable<Incident>, now: number): DueStep | null {
  return pendingSteps(incidents).find((s) => s.dueAt > now) ?? null;
}

/**
 * Steps worth a reminder: due in (`since`, `now`]. Steps due the moment the incident starts
 * ("acknowledge") belong to the call itself and are never reminded.
 */
export function stepsToRemind(steps: readonly DueStep[], since: number, now: number): DueStep[] {
  return steps.filter((s) => s.dueAt > s.incidentCreatedAt && s.dueAt > since && s.dueAt <= now);
}

/** When the next reminder is due after `since`; null when nothing is left to remind. */
export function nextReminderAt(steps: readonly DueStep[], since: number): number | null {
  const next = steps.find((s) => s.dueAt > s.incidentCreatedAt && s.dueAt > since);
  return next ? next.dueAt : null;
}

/** What is still open in an incident: the steps not ticked (earliest due first) and requests awaiting approval. */
export function stillOpen(incident: Pick<Incident, 'checklist' | 'remedies'>): {
  steps: ChecklistProgress[];
  pending: Incident['remedies'];
} {
  const steps = incident.checklist
    .filter((s) => s.doneAt === undefined)
    .sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
  return { steps, pending: incident.remedies.filter((r) => r.status === 'pending') };
}

/** When the incident's earliest unticked step is due; Infinity when none has a due time or it is resolved. */
export function nextDueAt(incident: Pick<Incident, 'status' | 'checklist'>): number {
  if (incident.status !== 'open') return Infinity;
  let at = Infinity;
  for (const s of incident.checklist) if (s.doneAt === undefined && s.dueAt !== undefined && s.dueAt < at) at = s.dueAt;
  return at;
}
