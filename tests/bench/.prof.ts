// Time the HTTP side alone: _all_docs pages against CouchDB with N docs
import { startLedgerServer } from '/work/wt/sync/scripts/ledger-server';
const server = await startLedgerServer();
console.log(server.name); await server.addUser('ana@x.example','pw-pw-pw-pw');
const db = server.databasePath('make-it-right');
await server.asAdmin(db, { method: 'PUT' });
const count = Number(process.argv[2] ?? 10000);
let t = Date.now();
for (let from = 0; from < count; from += 5000) {
  const docs = [];
  for (let i = from; i < Math.min(count, from + 5000); i++) {
    const id = `carla.meyer@harborpine.example:${crypto.randomUUID()}`;
    docs.push({ _id: `${id}/opened`, type: 'incident-opened', incidentId: id, clientKey: `c${i%1000}`, author: 'carla', at: Date.now(), v: 2, clientName: 'x', summary: 'Seeded', checklist: [] });
    docs.push({ _id: `${id}/granted/${crypto.randomUUID()}`, type: 'remedy-granted', incidentId: id, clientKey: `c${i%1000}`, author: 'carla', at: Date.now(), v: 2, amount: 100, label: 'Credit the courier fee', kind: 'credit' });
  }
  await server.asAdmin(`${db}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs }) });
}
console.log('seeded', Date.now() - t);

async function timeIt(name: string, url: (after: string | null, limit: number) => string, limit = 10000, key = 'id') {
  const t = Date.now(); let after: any = null; let n = 0; let bytes = 0;
  for (;;) {
    const r = await server.asAdmin(url(after, limit));
    const text = await r.text(); bytes += text.length;
    const body = JSON.parse(text);
    const rows = body.rows ?? body.results;
    n += rows.length;
    if (rows.length < limit) break;
    after = body.last_seq ?? rows.at(-1).id;
  }
  console.log(name, n, Date.now() - t, 'ms', (bytes / 1e6).toFixed(1), 'MB');
}
const from = (after: string | null) => after === null ? '' : `&startkey=${encodeURIComponent(JSON.stringify(after))}&skip=1`;
await timeIt('all_docs docs', (a, l) => `${db}/_all_docs?include_docs=true&limit=${l}${from(a)}`);
await timeIt('all_docs docs+conflicts', (a, l) => `${db}/_all_docs?include_docs=true&conflicts=true&limit=${l}${from(a)}`);
await timeIt('all_docs ids only', (a, l) => `${db}/_all_docs?limit=${l}${from(a)}`);
await timeIt('changes docs', (a, l) => `${db}/_changes?include_docs=true&style=all_docs&conflicts=true&limit=${l}${a === null ? '' : `&since=${encodeURIComponent(a)}`}`);
await timeIt('changes one request', (a, l) => `${db}/_changes?include_docs=true&style=all_docs&conflicts=true`, 10**9);
await timeIt('all_docs one request', (a, l) => `${db}/_all_docs?include_docs=true&conflicts=true`, 10**9);
await server.stop();
