// Which revisions a replication must still fetch, answered from one read of the replica's current
// revisions instead of one read of each record's revision tree. The ledger's records are written
// once and never edited, so almost every record has a single revision: absent (all missing) or
// present as its current revision (none missing). Anything else is left to the full tree.

export type RevsRequest = Record<string, string[]>;
export type RevsMissing = Record<string, { missing: string[] }>;

/** The replica's current revision of each requested id, `null` when it holds no such record. */
export type CurrentRevs = Map<string, string | null>;

export function revsDiffFromCurrent(request: RevsRequest, current: CurrentRevs): { missing: RevsMissing; undecided: string[] } {
  const missing: RevsMissing = {};
  const undecided: string[] = [];
  for (const [id, revs] of Object.entries(request)) {
    const held = current.get(id);
    if (held === undefined) undecided.push(id);
    else if (held === null) missing[id] = { missing: [...revs] };
    else if (!revs.every((rev) => rev === held)) undecided.push(id);
  }
  return { missing, undecided };
}
