import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A CouchDB-protocol server on this machine for the tests, the benchmark and the demo: pouchdb-server
// in memory on 127.0.0.1, on a free port, with a server admin. It honours `_security`, `_session`
// cookies and validate_doc_update; it is not CouchDB (its `_users` handling differs), which is why
// the rules are also tested as a pure function.

export interface LedgerServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  origin: string;
  admin: { name: string; password: string };
  /** A database URL, with the admin's credentials when `withAdmin` (as `ledger:setup` takes it). */
  databaseUrl(name: string, withAdmin?: boolean): string;
  /** Creates a CouchDB user (a staff member signs in as their email). */
  addUser(name: string, password: string): Promise<void>;
  /** Fetch as the server admin; `pathname` starts with "/". */
  asAdmin(pathname: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

const ADMIN = { name: 'admin', password: 'ledger-admin-password' };
const START_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function basic(name: string, password: string): string {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

async function waitUntilUp(origin: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited (${child.exitCode}): ${output()}`);
    try {
      const response = await fetch(`${origin}/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pouchdb-server did not answer within ${START_TIMEOUT_MS / 1000} s: ${output()}`);
}

async function startOnce(dir: string): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const bin = createRequire(import.meta.url).resolve('pouchdb-server/bin/pouchdb-server');
  // Its config and log files go to a temporary folder, not the working directory.
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ log: { file: path.join(dir, 'log.txt') } }));
  const args = [bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port)];
  args.push('--dir', dir, '--config', config, '--no-stdout-logs');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(origin, child, () => output);
  } catch (error) {
    child.kill();
    throw error;
  }
  return { child, origin };
}

export async function startLedgerServer(): Promise<LedgerServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ledger-server-'));
  let started: { child: ChildProcess; origin: string } | undefined;
  // The free port is found then released, so another process may take it first: try again.
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await startOnce(dir);
    } catch (error) {
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const { child, origin } = started;
  // A run that crashes before stop() must not leave a server behind.
  const orphaned = () => child.kill();
  process.once('exit', orphaned);
  const auth = basic(ADMIN.name, ADMIN.password);
  const asAdmin = (pathname: string, init: RequestInit = {}) =>
    fetch(`${origin}${pathname}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Authorization: auth, ...(init.headers ?? {}) },
    });

  // Out of "admin party": from here on only the admin administers the server.
  const made = await fetch(`${origin}/_config/admins/${ADMIN.name}`, {
    method: 'PUT',
    body: JSON.stringify(ADMIN.password),
  });
  if (!made.ok) throw new Error(`Could not create the server admin: HTTP ${made.status}`);

  return {
    origin,
    admin: ADMIN,
    databaseUrl(name, withAdmin = false) {
      const url = new URL(`${origin}/${encodeURIComponent(name)}`);
      if (withAdmin) {
        url.username = ADMIN.name;
        url.password = ADMIN.password;
      }
      return url.href;
    },
    async addUser(name, password) {
      const id = `org.couchdb.user:${name}`;
      const response = await asAdmin(`/_users/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: JSON.stringify({ _id: id, name, password, roles: [], type: 'user' }),
      });
      if (!response.ok) throw new Error(`Could not create the user ${name}: HTTP ${response.status} ${await response.text()}`);
    },
    asAdmin,
    async stop() {
      process.off('exit', orphaned);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
