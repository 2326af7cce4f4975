import type { Incident } from './types';

// An imported copy of an incident the ledger already holds may add what the ledger lacks, and
// nothing else: a file can be edited, so it never rewrites a grant, an approval, an amount, a date,
// a credit note number, who did what or which client it was for.

/**
 * The held incident with what `incoming` adds to it: remedies the ledger does not have, ticks on
 * steps not yet done, the resolution of an open incident. Null when it adds nothing.
 */
export function mergeImported(held: Incident, incoming: Incident): Incident | null {
  const merged = structuredClone(held);
  let added = false;
  const heldIds = new Set(held.remedies.map((r) => r.id));
  for (const remedy of incoming.remedies) {
    if (heldIds.has(remedy.id)) continue;
    merged.remedies.push(remedy);
    added = true;
  }
  for (const step of merged.checklist) {
    if (step.doneAt !== undefined) continue;
    const theirs = incoming.checklist.find((s) => s.stepId === step.stepId);
    if (theirs?.doneAt === undefined) continue;
    step.doneAt = theirs.doneAt;
    if (theirs.doneBy !== undefined) step.doneBy = theirs.doneBy;
    added = true;
  }
  if (held.status === 'open' && incoming.status === 'resolved' && incoming.resolvedAt !== undefined) {
    merged.status = 'resolved';
    merged.resolvedAt = incoming.resolvedAt;
    if (incoming.resolvedBy !== undefined) merged.resolvedBy = incoming.resolvedBy;
    added = true;
  }
  if (!added) return null;
  merged.updatedAt = Math.max(held.updatedAt, incoming.updatedAt);
  return merged;
}
