import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SNAPSHOT_DOC_ID, SNAPSHOT_ONLY, PART_DOCS, buildDocId, partName, snapshotDatabaseUrl, type SnapshotManifest, type SnapshotPart } from '../utils/firm-ledger/built-snapshot';
import { pagePath, rowDocs, type DocRows } from '../utils/firm-ledger/snapshot';
import { SetupError, call, ensureDatabase, expectOk, printed, targetOf, writeDesign, type Target } from './ledger-admin';
import { credentialsProblem, serverUnreachable } from './database-url';

// For IT: `npm run ledger:snapshot -- <database URL with admin credentials>` keeps the ledger's
// snapshot for new browsers (utils/firm-ledger/built-snapshot.ts) in `<ledger>-snapshot`: every
// document the ledger holds, read in pages of `_all_docs` and written as a few attachments, then the
// manifest naming them and the ledger's sequence before the first page. `ledger:setup` writes one;
// run this nightly (cron, a scheduled task) so a new browser's first sync reads little besides it.
// Who may read it is who may read the ledger (its `_security` copied); only an admin may write it.

/** Every document the ledger holds now, as the first sync reads them, written as one build of parts. */
async function writeParts(ledger: Target, snapshot: Target, build: string): Promise<SnapshotPart[]> {
  const doc = buildDocId(build);
  const created = await call(snapshot, doc, { method: 'PUT', body: JSON.stringify({ _id: doc, language: 'javascript', validate_doc_update: SNAPSHOT_ONLY }) });
  await expectOk(created, 'Writing the snapshot');
  let rev = ((await created.json()) as { rev: string }).rev;
  const parts: SnapshotPart[] = [];
  let after: string | null = null;
  for (;;) {
    // The pages a new browser would read of the ledger itself (utils/firm-ledger/snapshot.ts).
    const page = await call(ledger, pagePath(after, PART_DOCS));
    await expectOk(page, 'Reading the ledger');
    const body = (await page.json()) as DocRows;
    const docs = rowDocs(body);
    if (docs.length > 0) {
      const name = partName(parts.length + 1);
      const put = await call(snapshot, `${doc}/${name}?rev=${encodeURIComponent(rev)}`, { method: 'PUT', body: JSON.stringify(docs) });
      await expectOk(put, `Writing ${name}`);
      rev = ((await put.json()) as { rev: string }).rev;
      parts.push({ name, first: docs[0]!._id, last: docs.at(-1)!._id, docs: docs.length });
    }
    if (body.rows.length < PART_DOCS) return parts;
    after = body.rows.at(-1)!.id;
  }
}

/** Builds a snapshot of the ledger and makes it the one new browsers read; says what it wrote. */
export async function buildSnapshot(ledger: Target, now = Date.now()): Promise<string> {
  const snapshot: Target = { ...ledger, url: snapshotDatabaseUrl(ledger.url) };
  await ensureDatabase(snapshot);
  const security = await call(ledger, '_security');
  await expectOk(security, 'Reading _security');
  await expectOk(await call(snapshot, '_security', { method: 'PUT', body: await security.text() }), "Writing the snapshot database's _security");

  const info = await call(ledger, '');
  await expectOk(info, 'Reading the ledger');
  // Read before the first page: replication carries on from it, so nothing written meanwhile is missed.
  const seq = ((await info.json()) as { update_seq: number | string }).update_seq;
  const build = `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
  const parts = await writeParts(ledger, snapshot, build);
  const docs = parts.reduce((n, p) => n + p.docs, 0);
  const manifest: SnapshotManifest & { _id: string; language: string; validate_doc_update: string } = {
    _id: SNAPSHOT_DOC_ID,
    language: 'javascript',
    validate_doc_update: SNAPSHOT_ONLY,
    build,
    seq,
    builtAt: now,
    docs,
    parts,
  };
  await writeDesign(snapshot, manifest, () => false, 'the snapshot');

  // Earlier builds go: a browser still reading one reads the rest from the ledger's own pages.
  const earlier = await call(snapshot, `_all_docs?startkey=${encodeURIComponent(JSON.stringify(`${SNAPSHOT_DOC_ID}-`))}&endkey=${encodeURIComponent(JSON.stringify(`${SNAPSHOT_DOC_ID}-\ufff0`))}`);
  await expectOk(earlier, 'Reading earlier snapshots');
  const old = ((await earlier.json()) as { rows: { id: string; value: { rev: string } }[] }).rows.filter((row) => row.id !== buildDocId(build));
  if (old.length > 0) {
    const deleted = await call(snapshot, '_bulk_docs', { method: 'POST', body: JSON.stringify({ docs: old.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) }) });
    await expectOk(deleted, 'Removing earlier snapshots');
  }
  return `snapshot for new browsers: ${docs.toLocaleString('en-US')} documents in ${parts.length} part${parts.length === 1 ? '' : 's'}`;
}

const USAGE = 'Usage: npm run ledger:snapshot -- <database URL with admin credentials>';

/** The command: `args` as after `npm run ledger:snapshot --`; prints what it did, returns the exit code. */
export async function ledgerSnapshot(args: readonly string[]): Promise<number> {
  const [databaseUrl, extra] = args;
  if (!databaseUrl || extra !== undefined) {
    console.error(USAGE);
    return 2;
  }
  const problem = credentialsProblem(databaseUrl) ?? (await serverUnreachable(databaseUrl));
  if (problem) {
    console.error(problem);
    return 1;
  }
  return printed(async () => {
    const target = targetOf(databaseUrl);
    const exists = await call(target, '');
    if (exists.status === 404) throw new SetupError(`${target.url} does not exist: run npm run ledger:setup first`);
    await expectOk(exists, 'Reading the ledger');
    const started = Date.now();
    return `${target.url}: ${await buildSnapshot(target)} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await ledgerSnapshot(process.argv.slice(2)));
}
