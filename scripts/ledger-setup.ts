import { pathToFileURL } from 'node:url';
import { DESIGN_DOC_ID, ledgerDesignDoc, ledgerSecurity, type LedgerDesignDoc, type SecurityObject } from '../utils/firm-ledger/design-doc';
import type { LedgerRules } from '../utils/firm-ledger/rules';
import { CLIENT_INDEX_ID, clientIndexDoc, clientRecordsPath } from '../utils/firm-ledger/client-index';
import { formatPolicyIssue, parsePolicyText } from '../utils/policy/parse';
import { loadPolicyText, toolArgs } from './policy-file';
import { credentialsProblem, serverUnreachable } from './database-url';
import type { Policy } from '../utils/policy/types';
import { setTranslator } from '../utils/i18n';
import { languageFromEnv, tableTranslator } from '../utils/i18n/tables';
import { PHONE_CSP, pageDatabaseUrl, pageDesignDoc, phoneDesignDoc, phonePageUrl, type PageDesignDoc, type PhoneDesignDoc } from '../utils/firm-ledger/phone';
import { phonePageFiles } from './phone-build';
import { SetupError, call, ensureDatabase, expectOk, printed, targetOf, writeDesign, type Target } from './ledger-admin';
import { buildSnapshot } from './ledger-snapshot';

// For IT: `npm run ledger:setup -- <database URL with admin credentials> <policy file>` prepares the
// firm's CouchDB database: creates it if missing, sets `_security` (the staff as members) and writes
// the design document whose validate_doc_update enforces the policy on every write. Safe to re-run,
// and to be re-run after every policy change: the rules are copied from the policy, never taken from
// CouchDB user roles. The policy file may be the .jws policy:sign writes, verified with --key.
// It also puts the phone page for approvers into the database (a second design document, whose
// attachments are the page) and sets the server's `[csp] attachments_header_value` so that page may
// run its own script: a server-wide setting (README, "For IT"). Last, a snapshot of the ledger for
// new browsers' first sync (scripts/ledger-snapshot.ts), which IT then keeps fresh.

/** The index of records by client (utils/firm-ledger/client-index.ts), written and built now. */
async function writeClientIndex(target: Target): Promise<string> {
  const path = CLIENT_INDEX_ID.split('/').map(encodeURIComponent).join('/');
  const current = await call(target, path);
  const existing = current.ok ? ((await current.json()) as { _rev: string; views?: unknown }) : null;
  const wanted = clientIndexDoc();
  if (JSON.stringify(existing?.views) !== JSON.stringify(wanted.views)) {
    const body = { ...wanted, ...(existing ? { _rev: existing._rev } : {}) };
    await expectOk(await call(target, path, { method: 'PUT', body: JSON.stringify(body) }), 'Writing the index of records by client');
  }
  // Built now, so the first browser to sign in does not wait for it. On a large ledger the server
  // may answer before it has finished (CouchDB times the request out and keeps building).
  const built = await call(target, clientRecordsPath('').replace('include_docs=true', 'limit=0'));
  if (built.status === 500 && ((await built.clone().json().catch(() => ({}))) as { error?: string }).error === 'timeout') {
    return 'index of records by client: written; the server is still building it (a few minutes on a large ledger)';
  }
  await expectOk(built, 'Building the index of records by client');
  return 'index of records by client: ready';
}

async function writeSecurity(target: Target, policy: Policy): Promise<string> {
  const current = await call(target, '_security');
  await expectOk(current, 'Reading _security');
  const security = ledgerSecurity(policy, (await current.json()) as Parameters<typeof ledgerSecurity>[1]);
  await expectOk(await call(target, '_security', { method: 'PUT', body: JSON.stringify(security) }), 'Writing _security');
  return `_security: ${security.members.names.length} staff members`;
}

/** What a new policy changes in the server's rules: limits, staff and their roles, one line each. */
export function rulesChanges(before: LedgerRules, after: LedgerRules): string[] {
  const lines: string[] = [];
  const digits = after.currencyDigits;
  const amount = (minor: number | null) => (minor === null ? 'no limit' : `${(minor / 10 ** digits).toFixed(digits)} ${after.currency}`);
  for (const role of new Set([...Object.keys(before.roles), ...Object.keys(after.roles)])) {
    const was = before.roles[role];
    const now = after.roles[role];
    if (!was) lines.push(`role ${role} added: ${amount(now!.perIncident)} per incident`);
    else if (!now) lines.push(`role ${role} removed`);
    else if (was.perIncident !== now.perIncident) lines.push(`${role} per incident: ${amount(was.perIncident)} → ${amount(now.perIncident)}`);
  }
  for (const email of new Set([...Object.keys(before.staff), ...Object.keys(after.staff)])) {
    const was = before.staff[email];
    const now = after.staff[email];
    if (was === undefined) lines.push(`staff ${email} added (${now})`);
    else if (now === undefined) lines.push(`staff ${email} removed`);
    else if (was !== now) lines.push(`staff ${email}: ${was} → ${now}`);
  }
  return lines;
}

async function writeDesignDoc(target: Target, policy: Policy, allowOlder: boolean): Promise<string[]> {
  const next = ledgerDesignDoc(policy);
  const current = await call(target, DESIGN_DOC_ID);
  let previous: LedgerDesignDoc | null = null;
  if (current.ok) previous = (await current.json()) as LedgerDesignDoc;
  else if (current.status !== 404) await expectOk(current, 'Reading the design document');
  if (previous && previous.validate_doc_update === next.validate_doc_update && previous.policyVersion === next.policyVersion) {
    return [`rules unchanged (policy ${next.policyVersion})`];
  }
  // Policy versions compare as the policy's own do (dates, or any text that sorts the same way).
  if (previous && next.policyVersion < previous.policyVersion && !allowOlder) {
    throw new SetupError(
      `The server enforces policy ${previous.policyVersion}, newer than ${next.policyVersion}: nothing changed. ` +
        'Set up with the newer policy, or add --allow-older to go back to this one on purpose.',
    );
  }
  const body = previous?._rev ? { ...next, _rev: previous._rev } : next;
  await expectOk(await call(target, DESIGN_DOC_ID, { method: 'PUT', body: JSON.stringify(body) }), 'Writing the rules');
  if (!previous) return [`rules written (policy ${next.policyVersion})`];
  const changes = previous.rules ? rulesChanges(previous.rules, next.rules) : [];
  return [`rules updated from policy ${previous.policyVersion} to ${next.policyVersion}`, ...changes.map((line) => `  ${line}`)];
}

/**
 * The phone page: its files in `<ledger>-phone` (anyone may read, only the admin writes: the page
 * must show its sign-in to someone not signed in yet), the policy and views it reads in the ledger.
 */
async function writePhonePage(target: Target, policy: Policy): Promise<string> {
  const { files, digest } = await phonePageFiles();
  const page: Target = { ...target, url: pageDatabaseUrl(target.url) };
  await ensureDatabase(page);
  const security = await call(page, '_security');
  await expectOk(security, 'Reading the phone page database\'s _security');
  const admins = ((await security.json()) as { admins?: SecurityObject['admins'] }).admins ?? { names: [], roles: [] };
  // No members: CouchDB lets anyone read (the page only); the design document refuses every write.
  const open = { admins, members: { names: [], roles: [] } };
  await expectOk(await call(page, '_security', { method: 'PUT', body: JSON.stringify(open) }), 'Opening the phone page to read');
  const wrote = await writeDesign<PageDesignDoc>(page, pageDesignDoc(files, digest), (p) => p.pageDigest === digest, 'the phone page');
  const next = phoneDesignDoc(policy);
  const read = await writeDesign<PhoneDesignDoc>(
    target,
    next,
    (p) => JSON.stringify(p.policy) === JSON.stringify(policy) && JSON.stringify(p.views) === JSON.stringify(next.views),
    "the phone page's views",
  );
  return wrote === 'unchanged' && read === 'unchanged' ? 'phone page unchanged' : `phone page ${wrote === 'unchanged' ? 'updated' : wrote}`;
}

/**
 * CouchDB serves attachments with `Content-Security-Policy: sandbox`, which runs no script; the phone
 * page needs its own. Server-wide: every attachment on this server gets the same policy.
 */
async function allowPageScripts(target: Target): Promise<string> {
  const root = target.url.replace(/\/[^/]*$/, '');
  const key = `${root}/_node/_local/_config/csp/attachments_header_value`;
  const headers = { 'Content-Type': 'application/json', Authorization: target.authorization };
  const current = await fetch(key, { headers }).catch(() => null);
  if (current?.ok && (await current.json()) === PHONE_CSP) return 'attachments policy unchanged';
  const set = await fetch(key, { method: 'PUT', headers, body: JSON.stringify(PHONE_CSP) }).catch(() => null);
  if (!set?.ok) {
    return `note: could not set [csp] attachments_header_value (HTTP ${set?.status ?? 'unreachable'}); set it to: ${PHONE_CSP}`;
  }
  return "attachments policy: the page's own scripts and styles only ([csp] attachments_header_value, server-wide)";
}

/** Staff without a CouchDB user yet: they cannot sign in until IT creates one. */
async function staffWithoutUsers(target: Target, policy: Policy): Promise<string[]> {
  const users = new URL('/_users/_all_docs', target.url).href;
  const response = await fetch(users, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: target.authorization },
    body: JSON.stringify({ keys: policy.staff.map((s) => `org.couchdb.user:${s.email}`) }),
  }).catch(() => null);
  if (!response?.ok) return [];
  const { rows } = (await response.json()) as { rows: { key: string; error?: string; value?: { deleted?: boolean } }[] };
  return rows
    .filter((row) => row.error || row.value?.deleted)
    .map((row) => row.key.slice('org.couchdb.user:'.length));
}

/**
 * Prepares the database; returns what it did, one line each. Throws `SetupError` with the reason.
 * A policy older than the one the server enforces is refused unless `allowOlder`.
 */
export async function setUpLedger(databaseUrl: string, policy: Policy, options: { allowOlder?: boolean } = {}): Promise<string[]> {
  const target = targetOf(databaseUrl);
  const lines = [`${target.url}:`];
  lines.push(`  ${await ensureDatabase(target)}`);
  lines.push(`  ${await writeSecurity(target, policy)}`);
  lines.push(...(await writeDesignDoc(target, policy, options.allowOlder === true)).map((line) => `  ${line}`));
  lines.push(`  ${await writeClientIndex(target)}`);
  lines.push(`  ${await writePhonePage(target, policy)}`);
  lines.push(`  ${await allowPageScripts(target)}`);
  lines.push(`  ${await buildSnapshot(target)}`);
  const missing = await staffWithoutUsers(target, policy);
  if (missing.length) {
    lines.push(`  ${missing.length} staff without a CouchDB user yet (create one each, named by the email):`);
    lines.push(...missing.map((email) => `    ${email}`));
  }
  if (policy.ledger && policy.ledger.url !== target.url) {
    lines.push(`  note: the policy's ledger.url is ${policy.ledger.url}, not this database`);
  }
  // Staff reach the database at the policy's address (IT may set up through another one).
  const sameDatabase = policy.ledger && new URL(policy.ledger.url).pathname === new URL(target.url).pathname;
  lines.push(`Approvals on a phone: ${phonePageUrl(sameDatabase ? policy.ledger!.url : target.url)}`);
  return lines;
}

const USAGE =
  'Usage: npm run ledger:setup -- <database URL with admin credentials> <policy.json, or policy.jws with --key <public key>> [--allow-older]';

/** The command: `args` as after `npm run ledger:setup --`; prints what it did, returns the exit code. */
export async function ledgerSetup(args: readonly string[]): Promise<number> {
  const allowOlder = args.includes('--allow-older');
  const parsedArgs = toolArgs(args.filter((arg) => arg !== '--allow-older'));
  const [databaseUrl, policyFile, extra] = parsedArgs.positional;
  if (parsedArgs.problem) {
    console.error(parsedArgs.problem);
    return 2;
  }
  if (!databaseUrl || !policyFile || extra !== undefined) {
    console.error(USAGE);
    return 2;
  }
  const credentials = credentialsProblem(databaseUrl);
  if (credentials) {
    console.error(credentials);
    return 1;
  }
  const opened = await loadPolicyText(policyFile, parsedArgs.key);
  if (!opened.ok) {
    console.error(opened.error);
    return 1;
  }
  const parsed = parsePolicyText(opened.text);
  if (!parsed.ok) {
    console.error([`${policyFile} is not a valid policy:`, ...parsed.errors.map(formatPolicyIssue)].join('\n'));
    return 1;
  }
  const unreachable = await serverUnreachable(databaseUrl);
  if (unreachable) {
    console.error(unreachable);
    return 1;
  }
  return printed(async () => (await setUpLedger(databaseUrl, parsed.policy, { allowOlder })).join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The policy's problems in English, or in the language of LANG when the extension has it.
  setTranslator(tableTranslator(languageFromEnv(process.env)));
  process.exit(await ledgerSetup(process.argv.slice(2)));
}
