import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The one way the tests, the benchmark and the demo get a firm ledger server on this machine:
// - `COUCHDB_URL=http://admin:password@host:port`: a firm's own test server; each start uses
//   databases of its own (removed at stop), users are created or updated in `_users`;
// - otherwise Apache CouchDB from `../shared/couchdb/start.sh`: its own loopback port, data folder in
//   a temporary directory and generated admin password, stopped by its PID;
// - only where neither exists (a machine without `../shared`), pouchdb-server in memory, saying so
//   in one line. Under CI=true with `../shared/couchdb` present, a fallback is an error.

export interface LedgerServer {
  /** What answers, e.g. "Apache CouchDB 3.4.3". */
  name: string;
  /** http://127.0.0.1:<port>, no trailing slash. */
  origin: string;
  admin: { name: string; password: string };
  /** The path of a database of this run, e.g. "/make-it-right" (prefixed on a shared server). */
  databasePath(name: string): string;
  /** A database URL, with the admin's credentials when `withAdmin` (as `ledger:setup` takes it). */
  databaseUrl(name: string, withAdmin?: boolean): string;
  /** Creates a CouchDB user (a staff member signs in as their email), or resets their password. */
  addUser(name: string, password: string): Promise<void>;
  /** Fetch as the server admin; `pathname` starts with "/". */
  asAdmin(pathname: string, init?: RequestInit): Promise<Response>;
  /** Sets a server configuration value (CouchDB: `/_node/_local/_config`; pouchdb-server: `/_config`). */
  setConfig(section: string, key: string, value: string): Promise<void>;
  stop(): Promise<void>;
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Apache CouchDB's start script beside the project (`../shared/couchdb`), when the machine has it;
 * `COUCHDB_START` names it for a checkout elsewhere (a git worktree).
 */
export const COUCHDB_START = process.env.COUCHDB_START ?? path.resolve(ROOT, '..', 'shared', 'couchdb', 'start.sh');
/**
 * Every CouchDB this module starts keeps its data in a folder named so (the leftovers check looks):
 * with `LEDGER_RUN` set (tests/ledger/run.ts sets it for its tests), the run's own name follows, so
 * a run looks only for its own servers, never another run's on the same machine.
 */
export const COUCHDB_DATA_PREFIX = `make-it-right-couchdb-${process.env.LEDGER_RUN ? `${process.env.LEDGER_RUN}-` : ''}`;

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

/** Whether a process is alive (a killed one may linger as a zombie until reaped). */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while ((await alive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (await alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone in between.
    }
  }
}

interface Backend {
  name: string;
  origin: string;
  admin: { name: string; password: string };
  /** Prefix of this run's database names ('' on a server of its own). */
  prefix: string;
  configPath: string;
  shutdown(): Promise<void>;
}

/**
 * A single node creates `_users` and `_replicator` a moment after it first answers: a user added
 * before then is refused ("Database does not exist"). Waits until both are there.
 */
async function systemDatabases(origin: string, admin: { name: string; password: string }): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const answers = await Promise.all(
      ['_users', '_replicator'].map((db) => fetch(`${origin}/${db}`, { headers: { Authorization: basic(admin.name, admin.password) } }).then((r) => r.ok, () => false)),
    );
    if (answers.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`CouchDB on ${origin} did not create _users and _replicator within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function serverName(origin: string): Promise<string> {
  const response = await fetch(`${origin}/`);
  const body = (await response.json()) as { couchdb?: string; version?: string; vendor?: { name?: string } };
  if (body.couchdb && body.vendor?.name === 'The Apache Software Foundation') return `Apache CouchDB ${body.version}`;
  if (body.version) return `${body.vendor?.name ?? 'CouchDB-protocol server'} ${body.version}`;
  return 'a CouchDB-protocol server';
}

function run(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} failed: ${error.message}\n${stderr.slice(-2_000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function startCouchDb(): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), COUCHDB_DATA_PREFIX));
  const admin = { name: 'admin', password: randomBytes(18).toString('hex') };
  let lastError: unknown;
  // The free port is found then released, so another process may take it first: try again.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    try {
      const { stdout } = await run(COUCHDB_START, [String(port), admin.password, path.join(dir, 'data')]);
      const pid = Number(stdout.trim().split('\n').at(-1));
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`start.sh printed no PID: ${stdout}`);
      const orphaned = () => {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Already stopped.
        }
      };
      // A run that crashes before stop() must not leave a server behind.
      process.once('exit', orphaned);
      const origin = `http://127.0.0.1:${port}`;
      await systemDatabases(origin, admin);
      return {
        name: await serverName(origin),
        origin,
        admin,
        prefix: '',
        configPath: '/_node/_local/_config',
        async shutdown() {
          process.off('exit', orphaned);
          await stopPid(pid);
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function useExternal(url: string): Promise<Backend> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('COUCHDB_URL must be a URL such as http://admin:password@127.0.0.1:5984 (percent-encode # / @ in the password)');
  }
  if (!parsed.username) throw new Error('COUCHDB_URL needs the admin credentials: http://admin:password@host:port');
  const admin = { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  const origin = parsed.origin;
  const name = await serverName(origin);
  const prefix = `make-it-right-test-${randomBytes(4).toString('hex')}-`;
  return {
    name,
    origin,
    admin,
    // Databases of this run only, so a firm's test server keeps its own.
    prefix,
    configPath: name.startsWith('Apache CouchDB') ? '/_node/_local/_config' : '/_config',
    async shutdown() {
      // Each database of this run is removed; the server itself is the firm's.
      const all = (await (await fetch(`${origin}/_all_dbs`, { headers: { Authorization: basic(admin.name, admin.password) } })).json()) as string[];
      for (const db of all.filter((name) => name.startsWith(prefix))) {
        await fetch(`${origin}/${encodeURIComponent(db)}`, { method: 'DELETE', headers: { Authorization: basic(admin.name, admin.password) } });
      }
    },
  };
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

/** The fallback's own package (`scripts/fallback-server`): installed on first use, so a machine with CouchDB never downloads it. */
const FALLBACK_DIR = path.join(ROOT, 'scripts', 'fallback-server');

function pouchDbServerBin(): string {
  const bin = path.join(FALLBACK_DIR, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');
  if (existsSync(bin)) return bin;
  console.warn(`ledger server: installing pouchdb-server into ${path.relative(process.cwd(), FALLBACK_DIR) || '.'} (once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: FALLBACK_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (installed.status !== 0 || !existsSync(bin)) {
    throw new Error(`Could not install pouchdb-server (npm ci in ${FALLBACK_DIR} exited ${installed.status ?? installed.signal}); install it there by hand or point COUCHDB_URL at a CouchDB`);
  }
  return bin;
}

async function startPouchDbServer(): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ledger-server-'));
  const admin = { name: 'admin', password: randomBytes(18).toString('hex') };
  const port = await freePort();
  const bin = pouchDbServerBin();
  // Its config and log files go to a temporary folder, not the working directory.
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ log: { file: path.join(dir, 'log.txt') } }));
  const args = [bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--dir', dir, '--config', config, '--no-stdout-logs'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const origin = `http://127.0.0.1:${port}`;
  const orphaned = () => child.kill();
  process.once('exit', orphaned);
  const shutdown = async () => {
    process.off('exit', orphaned);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(origin, child, () => output);
    // Out of "admin party": from here on only the admin administers the server.
    const made = await fetch(`${origin}/_config/admins/${admin.name}`, { method: 'PUT', body: JSON.stringify(admin.password) });
    if (!made.ok) throw new Error(`Could not create the server admin: HTTP ${made.status}`);
  } catch (error) {
    await shutdown();
    throw error;
  }
  return { name: `pouchdb-server ${await serverVersion(origin)} (in memory)`, origin, admin, prefix: '', configPath: '/_config', shutdown };
}

async function serverVersion(origin: string): Promise<string> {
  const body = (await (await fetch(`${origin}/`)).json()) as { version?: string };
  return body.version ?? '';
}

async function startBackend(): Promise<Backend> {
  const external = process.env.COUCHDB_URL;
  if (external) return useExternal(external);
  if (existsSync(COUCHDB_START)) {
    try {
      return await startCouchDb();
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      console.warn(`ledger server: Apache CouchDB did not start (${(error as Error).message.split('\n')[0]}); using pouchdb-server instead`);
      return startPouchDbServer();
    }
  }
  console.warn(`ledger server: no Apache CouchDB here (${COUCHDB_START} is missing, COUCHDB_URL unset); using pouchdb-server instead`);
  return startPouchDbServer();
}

export async function startLedgerServer(): Promise<LedgerServer> {
  const backend = await startBackend();
  const { origin, admin, prefix } = backend;
  const auth = basic(admin.name, admin.password);
  const asAdmin = (pathname: string, init: RequestInit = {}) =>
    fetch(`${origin}${pathname}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Authorization: auth, ...(init.headers ?? {}) },
    });
  const databasePath = (name: string) => `/${encodeURIComponent(prefix + name)}`;
  return {
    name: backend.name,
    origin,
    admin,
    databasePath,
    databaseUrl(name, withAdmin = false) {
      const url = new URL(`${origin}${databasePath(name)}`);
      if (withAdmin) {
        url.username = encodeURIComponent(admin.name);
        url.password = encodeURIComponent(admin.password);
      }
      return url.href;
    },
    async addUser(name, password) {
      const id = `org.couchdb.user:${name}`;
      const path = `/_users/${encodeURIComponent(id)}`;
      const existing = await asAdmin(path);
      const rev = existing.ok ? ((await existing.json()) as { _rev: string })._rev : undefined;
      const response = await asAdmin(path, {
        method: 'PUT',
        body: JSON.stringify({ _id: id, ...(rev ? { _rev: rev } : {}), name, password, roles: [], type: 'user' }),
      });
      if (!response.ok) throw new Error(`Could not create the user ${name}: HTTP ${response.status} ${await response.text()}`);
    },
    asAdmin,
    async setConfig(section, key, value) {
      const response = await asAdmin(`${backend.configPath}/${section}/${key}`, { method: 'PUT', body: JSON.stringify(value) });
      if (!response.ok) throw new Error(`Could not set ${section}/${key}: HTTP ${response.status} ${await response.text()}`);
    },
    stop: () => backend.shutdown(),
  };
}

/** The processes of CouchDB servers this module started that are still running (their PIDs). */
export async function leftoverCouchDbs(): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('beam') && cmdline.includes(COUCHDB_DATA_PREFIX) && (await alive(Number(entry)))) found.push(Number(entry));
  }
  return found;
}
