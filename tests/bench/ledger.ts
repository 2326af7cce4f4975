import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openLedgerDb } from '../../utils/ledger/db';
import { openLedger } from '../../utils/ledger/repository';
import type { Me } from '../../utils/people';
import { parsePolicyText } from '../../utils/policy/parse';
import type { Policy } from '../../utils/policy/types';
import { exportText, memorySource } from '../unit/ledger/export-source';
import { seedLedger } from './browser/ledger-tools';
import { incidentsOf } from '../../utils/ledger/buckets';
import { chromiumExports } from './ledger-export';
import { FIRM_POLICY } from './extension';
import { atMost, measured, type Figure } from './figures';
import { FOCUS_CLIENT, FOCUS_INCIDENTS } from './fixtures/incidents';
import type { Group } from './group';
import { median, timeOnce, timeRuns } from './stats';

// The incident ledger's own speed, in Node on fake-indexeddb (an IndexedDB written in JavaScript,
// in memory): the product's Ledger class over a database seeded with 10,000 and then 100,000
// generated incidents (about 20 per client, two years of them). fake-indexeddb has no disk and no
// process hop, but its indexes are JavaScript structures; Chromium's real IndexedDB, behind the
// extension's messages, is measured in group 5. First, the exports as a user makes them in the built
// extension in Chromium (ledger-export.ts), before this process holds 100,000 incidents in memory.

const GROUP = '6. Ledger (Node, fake-indexeddb)';
const LOOKUP_RUNS = 21;
const GRANTS = 200;
const DB_NAME = 'bench-ledger';
const ME: Me = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' };

function firmPolicy(): Policy {
  const parsed = parsePolicyText(readFileSync(FIRM_POLICY, 'utf8'));
  if (!parsed.ok) throw new Error(`the firm policy does not parse: ${parsed.errors[0]?.message ?? ''}`);
  return parsed.policy;
}

export const ledger: Group = {
  id: 'ledger',
  title: GROUP,
  needsBuild: true,
  async run({ extensionDir, log }) {
    const policy = firmPolicy();
    const figures: Figure[] = await chromiumExports(extensionDir, log);
    const now = Date.now();
    indexedDB.deleteDatabase(DB_NAME);

    for (const size of [10_000, 100_000]) {
      const seeded = await seedLedger(DB_NAME, size, now);
      log(`seeded ${seeded.stored} incidents in ${(seeded.ms / 1000).toFixed(1)} s`);
      const store = await openLedger(DB_NAME);
      try {
        const history = await store.clientHistory(FOCUS_CLIENT.email, now);
        if (history.incidents.length !== FOCUS_INCIDENTS) throw new Error(`the client has ${history.incidents.length} incidents, not ${FOCUS_INCIDENTS}`);
        const times = await timeRuns(LOOKUP_RUNS, () => store.clientHistory(FOCUS_CLIENT.email, now), 2);
        figures.push(
          measured(GROUP, `client history + 365-day total, ${size.toLocaleString('en-US')} incidents`, median(times), 'ms', {
            runs: LOOKUP_RUNS,
            target: atMost(5),
            note: `client with ${FOCUS_INCIDENTS} incidents`,
          }),
        );
        if (size !== 100_000) continue;

        // Grants with credit note numbering: each grant is one transaction that reads the client's
        // year, takes the next number and writes the incident.
        const incidents = [];
        for (let i = 0; i < GRANTS; i++) {
          incidents.push(
            await store.startIncident(
              {
                client: { clientKey: `grant${i}@newclient.example`, name: `New Client ${i}`, email: `grant${i}@newclient.example`, source: { tool: 'gmail', label: 'Gmail' } },
                category: policy.categories[0]!.id,
                summary: 'Courier fee charged twice',
              },
              ME,
              policy,
              now,
            ),
          );
        }
        const remedy = policy.remedies.find((r) => r.kind === 'credit' || r.kind === 'refund')!;
        const started = performance.now();
        let last = '';
        for (const incident of incidents) {
          const granted = await store.grantRemedy({ incidentId: incident.id, remedyId: remedy.id, amount: remedy.defaultAmount }, ME, policy, now);
          last = granted.remedies.at(-1)?.creditNoteNumber ?? '';
        }
        const seconds = (performance.now() - started) / 1000;
        figures.push(
          measured(GROUP, `grants with credit note numbers, ${size.toLocaleString('en-US')} incidents`, GRANTS / seconds, '/s', {
            runs: GRANTS,
            note: `${GRANTS} grants in a row, last ${last}`,
          }),
        );

        // Exports of 100,000 incidents take seconds: one run each (a median of one is the run). The
        // first builds the text kept per week; the next reads it (Node's Blobs survive fake-indexeddb).
        const exports: [format: 'json' | 'csv', label: string][] = [
          ['json', 'JSON export, 100,000 incidents, first (builds the text kept per week)'],
          ['json', 'JSON export, 100,000 incidents'],
          ['csv', 'CSV export, 100,000 incidents, first of its layout'],
          ['csv', 'CSV export, 100,000 incidents'],
        ];
        for (const [format, label] of exports) {
          const file = await timeOnce(() => exportText(store, format, format === 'json' ? 'UTC' : policy.firm.timeZone, now));
          figures.push(
            measured(GROUP, label, file.ms / 1000, 's', {
              runs: 1,
              target: atMost(3),
              note: `${(file.value.length / 2 ** 20).toFixed(0)} MB`,
            }),
          );
        }

        // Where a first export's time goes: reading every incident out of the store, and the
        // product's own formatting of incidents already in memory.
        const db = await openLedgerDb(DB_NAME);
        try {
          const read = await timeOnce(async () => incidentsOf(await db.getAll('buckets')));
          figures.push(measured(GROUP, `  of which reading ${size.toLocaleString('en-US')} incidents (getAll)`, read.ms / 1000, 's', { runs: 1 }));
          const format = await timeOnce(() => exportText(memorySource(read.value), 'json', 'UTC', now));
          figures.push(measured(GROUP, '  of which JSON formatting (exportFile over incidents in memory)', format.ms / 1000, 's', { runs: 1 }));
          const csvFormat = await timeOnce(() => exportText(memorySource(read.value), 'csv', policy.firm.timeZone, now));
          figures.push(measured(GROUP, '  of which CSV formatting (exportFile over incidents in memory)', csvFormat.ms / 1000, 's', { runs: 1 }));
        } finally {
          db.close();
        }
      } finally {
        store.close();
      }
    }
    return figures;
  },
};
