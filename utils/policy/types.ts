// The firm's policy after parsing and validation: every amount is integer minor units of
// `firm.currency`. The zod schema in ./schema.ts produces exactly this shape.

export const REMEDY_KINDS = ['credit', 'refund', 'fee-waiver', 'gift', 'apology'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export interface Firm {
  name: string;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** BCP 47 tag, e.g. "en-US". */
  locale: string;
  /** IANA zone, e.g. "America/New_York". */
  timeZone: string;
}

export interface Role {
  id: string;
  label: string;
  /** Minor units; null = no cap. */
  perIncident: number | null;
  /** Minor units over a rolling 365 days; null = no cap. */
  perClientPerYear: number | null;
  /** Who approves above this role's limits; absent for the top of the chain. */
  approverRole?: string;
}

export interface StaffMember {
  /** Normalised: trimmed, lower-case. */
  email: string;
  name: string;
  role: string;
  /** Their own credit-note series ("AR" → CN-2026-AR-0001); absent = the firm's one series. */
  code?: string;
  /** Who is asked in their place while they are away (a colleague's email); absent = the next approver up. */
  standIn?: string;
}

export interface Remedy {
  id: string;
  label: string;
  kind: RemedyKind;
  /** Minor units. */
  defaultAmount: number;
  /** Minor units; binds everyone, whatever their role. */
  maxAmount?: number;
  template?: string;
  /** How an email names it once given, e.g. "a credit of {{amount}} for the courier fee". */
  phrase?: string;
}

export interface Category {
  id: string;
  label: string;
  suggestedRemedies: string[];
}

export interface ChecklistStep {
  id: string;
  label: string;
  /** Minutes after the incident starts; absent = no due time. */
  dueWithinMinutes?: number;
  /** A grant (or an approval) completes it: "make it up", "record what was given". */
  completedByGrant?: boolean;
}

export interface Template {
  id: string;
  label: string;
  subject: string;
  body: string;
}

export interface DetectorSpec {
  id: string;
  label: string;
  /** Match patterns, e.g. "https://portal.example/clients/*". */
  matches: string[];
  email?: { selector: string };
  name?: { selector: string };
  /** Optional: a regular expression over the URL whose first group is the record id. */
  recordId?: { urlPattern: string };
}

export interface Policy {
  $schema?: string;
  schemaVersion: 1;
  policyVersion: string;
  firm: Firm;
  roles: Role[];
  staff: StaffMember[];
  remedies: Remedy[];
  categories: Category[];
  checklist: ChecklistStep[];
  creditNotes: { prefix: string };
  templates: Template[];
  detectors: DetectorSpec[];
  sync: { refreshMinutes: number };
  /** The firm's CouchDB database (no trailing slash); absent = each browser keeps its own ledger. */
  ledger?: {
    url: string;
    /** Unanswered this long, a request for approval also goes to the next approver up. */
    escalateAfterMinutes: number;
    /** How old a record may be when it reaches the server: how long a browser may work offline. */
    offlineAllowanceHours: number;
  };
}

/** One validation problem, with the JSON path it is about: `roles[2].approverRole`. */
export interface PolicyIssue {
  path: string;
  message: string;
}

export type PolicyParseResult =
  | { ok: true; policy: Policy }
  | { ok: false; errors: PolicyIssue[] };

/** Where the policy in force came from. */
export type PolicySource = 'url' | 'file' | 'managed-url';

/** What the background keeps about policy sync; shown on the options page and the side panel. */
export interface PolicyState {
  policy: Policy | null;
  source: PolicySource | null;
  /** The URL synced from (options or managed storage). */
  policyUrl: string | null;
  /** True when managed storage fixed the URL ("set by your organisation"). */
  policyUrlLocked: boolean;
  /**
   * The ledger URL IT set in managed storage (`ledgerUrl`), in force instead of the policy's unless
   * `problem` says why the extension may not use it; null when IT set none. Never stored.
   */
  managedLedger?: { url: string; problem: string | null } | null;
  /**
   * The ledger the policy names and that is not used because the policy is not signed with IT's key
   * (utils/policy/managed-ledger.ts): said on the options page, and kept in the policy as written
   * when the editor opens it. Null otherwise. Never stored.
   */
  unsignedLedger?: NonNullable<Policy['ledger']> | null;
  /** Ed25519 public key (base64url or JWK JSON) when signed policies are required. */
  signingKey: string | null;
  /**
   * Why the signing key IT set cannot be used (malformed, the wrong type, a weak key); while set,
   * every policy is refused and none is in force (utils/policy/signing-key.ts). Absent or null: none.
   */
  signingKeyProblem?: string | null;
  /** The signing key the policy in force was verified with; null when it was accepted unsigned. */
  verifiedWith: string | null;
  lastSyncAt: number | null;
  lastSuccessAt: number | null;
  /** `issues`: every problem of a refused policy ("path: message"), for the options page. */
  lastError: { at: number; message: string; issues?: string[] } | null;
  etag: string | null;
}
