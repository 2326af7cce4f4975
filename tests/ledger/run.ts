import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

// This run's name, in the data folder of every CouchDB it and its tests start: the leftovers check
// looks for this run's servers only. Set before ledger-server reads it.
process.env.LEDGER_RUN ??= `run${randomBytes(4).toString('hex')}`;
const { leftoverCouchDbs, startLedgerServer, ROOT } = await import('../../scripts/ledger-server');

// npm run test:ledger: every test that needs the firm's server (the rules over HTTP, the Chromium
// and Firefox firm-ledger suites) against one ledger server for the run — Apache CouchDB from
// ../shared/couchdb on its own port and data folder, or the firm's test server at COUCHDB_URL —
// named before the tests, stopped by its PID afterwards, also when a test fails; then no CouchDB
// process of the run may be left.

async function main(args: string[]): Promise<number> {
  const server = await startLedgerServer();
  console.log(`ledger server: ${server.name}`);
  let status = 1;
  try {
    const url = new URL(server.origin);
    url.username = encodeURIComponent(server.admin.name);
    url.password = encodeURIComponent(server.admin.password);
    const vitest = spawn(process.execPath, [`${ROOT}/node_modules/vitest/vitest.mjs`, 'run', '--project', 'ledger', ...args], {
      cwd: ROOT,
      stdio: 'inherit',
      // Each test file takes databases of its own on this one server (scripts/ledger-server.ts).
      env: { ...process.env, COUCHDB_URL: url.href.replace(/\/$/, '') },
    });
    status = await new Promise<number>((resolve) => vitest.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await server.stop();
  }
  const left = await leftoverCouchDbs();
  if (left.length) {
    console.error(`CouchDB still running after the ledger tests: PID ${left.join(', ')} (stopped now)`);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    return 1;
  }
  console.log('ledger server: stopped, no CouchDB process left running');
  return status;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
