import { buildExtension } from '/work/wt/sync/tests/bench/build';
import { firstReplication } from '/work/wt/sync/tests/bench/firm-ledger';
import { setTranslator } from '/work/wt/sync/utils/i18n';
import { tableTranslator } from '/work/wt/sync/utils/i18n/tables';
setTranslator(tableTranslator('en'));
const count = Number(process.argv[2] ?? 10000);
const dir = buildExtension(process.argv[3] === 'reuse');
const figures = await firstReplication(dir, count, (m) => console.error(m));
console.log(JSON.stringify(figures, null, 1));
