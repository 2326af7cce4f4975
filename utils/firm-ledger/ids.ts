// The ids of the ledger, one home: each id a record introduces begins with its author's email and a
// colon, and a record's own id is made of its fields, as the rulebook (rules.ts) checks on the
// server and in every browser. A request's id also names its remedy and amount, so an answer, whose
// id is its request's, can only answer exactly what was asked.

/** A new incident's id: its author's. */
export function newIncidentId(author: string): string {
  return `${author}:${crypto.randomUUID()}`;
}

/** A new grant's id: its author's. */
export function newGrantId(author: string): string {
  return `${author}:${crypto.randomUUID()}`;
}

/** A new request's id: who asks, for which remedy and how much. */
export function newRequestId(author: string, remedyId: string, amount: number): string {
  return `${author}:${remedyId}:${amount}:${crypto.randomUUID()}`;
}

export const openedRecordId = (incidentId: string) => `${incidentId}/opened`;
export const grantRecordId = (incidentId: string, grantId: string) => `${incidentId}/granted/${grantId}`;
export const requestRecordId = (incidentId: string, requestId: string) => `${incidentId}/requested/${requestId}`;
/** One answer per request: the first the server accepts holds this id. */
export const answerRecordId = (incidentId: string, requestId: string) => `${incidentId}/answer/${requestId}`;
export const stepRecordId = (incidentId: string, stepId: string, author: string, at: number, nonce: string) =>
  `${incidentId}/step/${stepId}/${author}:${at}-${nonce}`;
export const resolvedRecordId = (incidentId: string, author: string, at: number) => `${incidentId}/resolved/${author}:${at}`;
export const reopenedRecordId = (incidentId: string, author: string, at: number, nonce: string) =>
  `${incidentId}/reopened/${author}:${at}-${nonce}`;

/** An approver's away record: apart from every incident's records, its author's own. */
export const awayRecordId = (author: string, at: number, nonce: string) => `${AWAY_PREFIX}${author}:${at}-${nonce}`;
export const AWAY_PREFIX = 'away/';
/** The key range of every away record. */
export const awayRange = { startkey: AWAY_PREFIX, endkey: `${AWAY_PREFIX}\uffff` } as const;

/** Whether an id (an incident's, a grant's, a request's) was made by `author` in this form. */
export function ownedBy(id: string, author: string): boolean {
  return id.startsWith(`${author}:`);
}

/** The key range of one incident's records (every record id starts with its incident's id). */
export function incidentRange(incidentId: string): { startkey: string; endkey: string } {
  return { startkey: `${incidentId}/`, endkey: `${incidentId}/\uffff` };
}
