import { CLOCK_SKEW_MS, recordRefusal } from './rules';
import { LEDGER_RECORD_VERSION, type ApproverAway } from './records';

// Who is away, from their own records. Each approver's latest record (by `at`) in force at a time
// says until when they are away then; a record that ends at or before it is made ("I am back") ends
// an absence early. Read like every record: what does not prove itself (rules.ts), or exists in two
// versions, is ignored.

/** The away records among documents read from the replica (or the server), each proven. */
export function awayRecords(docs: readonly unknown[], now: number): ApproverAway[] {
  const out: ApproverAway[] = [];
  for (const doc of docs) {
    if (typeof doc !== 'object' || doc === null) continue;
    const d = doc as Record<string, unknown>;
    if (d.type !== 'approver-away' || d.v !== LEDGER_RECORD_VERSION) continue;
    if (Array.isArray(d._conflicts) && d._conflicts.length > 0) continue;
    if (recordRefusal(d, now, CLOCK_SKEW_MS) !== null) continue;
    out.push({ _id: String(d._id), type: 'approver-away', v: LEDGER_RECORD_VERSION, author: String(d.author), at: Number(d.at), until: Number(d.until) });
  }
  return out;
}

/** `email`'s latest away record made by `at`, or null. */
export function latestAway(records: readonly ApproverAway[], email: string, at: number): ApproverAway | null {
  let latest: ApproverAway | null = null;
  for (const r of records) {
    if (r.author !== email || r.at > at) continue;
    if (!latest || r.at > latest.at || (r.at === latest.at && r._id > latest._id)) latest = r;
  }
  return latest;
}

/** Until when `email` is away at `at`, or null when they are there. */
export function awayUntil(records: readonly ApproverAway[], email: string, at: number): number | null {
  const latest = latestAway(records, email, at);
  return latest && latest.until > at ? latest.until : null;
}
