import { moneyValue, YEAR_MS } from '../authority';
import type { GrantedRemedy, Incident } from '../ledger/types';
import type { Policy, Role } from '../policy/types';

// What the whole firm gave a client, from the replica of the firm's ledger: who gave what and when,
// how current the replica is, and the grants that turned out, once everyone's records arrived, to
// break a cap the server could not check (it sees one record at a time): the per-client yearly cap
// and the sum of several grants in one incident. Such a grant is flagged for the approver role,
// never dropped. The authority decision itself is `decideAuthority` over the same incidents.

/** After this long without a completed sync, the panel says the firm's totals are "as of" then. */
export const REPLICA_STALE_AFTER_MS = 5 * 60_000;

export interface FirmGrant {
  incidentId: string;
  grantId: string;
  remedyId: string;
  label: string;
  /** Minor units, as counted against the caps (an apology counts 0). */
  value: number;
  currency: string;
  /** Who gave it: the requester, or for an approved request the approver. */
  by: string;
  byName: string;
  /** Who asked, when someone above approved it. */
  requestedBy?: string;
  at: number;
  creditNoteNumber?: string;
  /** Breaks a cap of the role that gave it once every grant before it is counted. */
  overFirmCap: 'per-client-year' | 'per-incident' | null;
}

export interface ReplicaFreshness {
  /** True when the totals may miss others' grants: offline, or the last sync is old. */
  stale: boolean;
  /** When the replica was last known complete; null = never synced. */
  asOf: number | null;
}

export function replicaFreshness(lastSyncedAt: number | null, online: boolean, now: number): ReplicaFreshness {
  const stale = !online || lastSyncedAt === null || now - lastSyncedAt > REPLICA_STALE_AFTER_MS;
  return { stale, asOf: lastSyncedAt };
}

function grantedBy(remedy: GrantedRemedy): string {
  return remedy.decision === 'approved' && remedy.approvedBy ? remedy.approvedBy : remedy.requestedBy;
}

/**
 * The role whose caps a grant was given under: the approver's, else the giver's — as the policy says,
 * never as a record claims (someone no longer on the staff list: the role their record named).
 */
function authorisingRole(policy: Policy, remedy: GrantedRemedy): Role | undefined {
  const by = grantedBy(remedy);
  const roleId = policy.staff.find((s) => s.email === by)?.role ?? (remedy.decision === 'approved' ? undefined : remedy.requestedByRole || undefined);
  return roleId === undefined ? undefined : policy.roles.find((r) => r.id === roleId);
}

/**
 * Every money grant to `clientKey` in the 365 days up to `now` by anyone in the firm, newest first,
 * each checked against the caps of the role that gave it with all earlier grants counted (older
 * grants, beyond 365 days, count for the flags of the grants within a year of them).
 */
export function firmGrants(incidents: readonly Incident[], clientKey: string, policy: Policy, now: number): FirmGrant[] {
  const names = new Map(policy.staff.map((s) => [s.email, s.name]));
  const all: { incident: Incident; remedy: GrantedRemedy; at: number; value: number }[] = [];
  for (const incident of incidents) {
    if (incident.clientKey !== clientKey) continue;
    for (const remedy of incident.remedies) {
      const value = moneyValue(remedy);
      if (remedy.status !== 'granted') continue;
      all.push({ incident, remedy, at: remedy.grantedAt ?? remedy.requestedAt, value });
    }
  }
  // In the order they were given; the same moment in a stable order, so every browser flags the same one.
  all.sort((a, b) => a.at - b.at || (a.remedy.id < b.remedy.id ? -1 : a.remedy.id > b.remedy.id ? 1 : 0));
  const lines: FirmGrant[] = [];
  const perIncident = new Map<string, number>();
  for (const [i, { incident, remedy, at, value }] of all.entries()) {
    let yearBefore = 0;
    for (let j = 0; j < i; j++) if (at - all[j]!.at < YEAR_MS) yearBefore += all[j]!.value;
    const incidentBefore = perIncident.get(incident.id) ?? 0;
    perIncident.set(incident.id, incidentBefore + value);
    const role = authorisingRole(policy, remedy);
    const yearCap = role ? role.perClientPerYear : 0;
    const incidentCap = role ? role.perIncident : 0;
    let overFirmCap: FirmGrant['overFirmCap'] = null;
    if (value > 0 && yearCap !== null && yearBefore + value > yearCap) overFirmCap = 'per-client-year';
    else if (value > 0 && incidentCap !== null && incidentBefore + value > incidentCap) overFirmCap = 'per-incident';
    if (now - at >= YEAR_MS) continue;
    const by = grantedBy(remedy);
    lines.push({
      incidentId: incident.id,
      grantId: remedy.id,
      remedyId: remedy.remedyId,
      label: remedy.label,
      value,
      currency: remedy.currency,
      by,
      byName: names.get(by) ?? by,
      ...(by !== remedy.requestedBy ? { requestedBy: remedy.requestedBy } : {}),
      at,
      ...(remedy.creditNoteNumber !== undefined ? { creditNoteNumber: remedy.creditNoteNumber } : {}),
      overFirmCap,
    });
  }
  return lines.reverse();
}
