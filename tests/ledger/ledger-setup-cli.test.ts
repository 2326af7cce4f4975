// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ledgerSetup } from '@/scripts/ledger-setup';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runKeygen } from '@/scripts/policy-keygen';
import { signPolicyFiles } from '@/scripts/policy-sign';
import { COUCHDB_DATA_PREFIX, COUCHDB_START, ROOT } from '@/scripts/ledger-server';

// `npm run ledger:setup` from the command line against Apache CouchDB 3.4 (../shared/couchdb): the
// signed policy policy:sign writes, an admin password that must be percent-encoded, and a URL that
// says https:// to CouchDB's plain http port.

const START = existsSync(COUCHDB_START) ? COUCHDB_START : null;

// A password with the characters that end the credentials part of a URL.
const PASSWORD = 'se#cr/et?';
const ENCODED = encodeURIComponent(PASSWORD);

// Named as every CouchDB of the tests is, so the run's check finds it if it were left running.
const work = mkdtempSync(path.join(tmpdir(), COUCHDB_DATA_PREFIX));
let port = 0;
let pid = 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

beforeAll(async () => {
  if (!START) throw new Error(`Apache CouchDB is needed: ${COUCHDB_START} was not found`);
  port = await freePort();
  const out = execFileSync(START, [String(port), PASSWORD, path.join(work, 'couch')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  pid = Number(out.trim().split('\n').at(-1));
}, 90_000);

afterAll(() => {
  if (pid) process.kill(pid);
  rmSync(work, { recursive: true, force: true });
});

/** Runs the command; its exit code and what it printed. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const code = await ledgerSetup(args);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function asAdmin(pathname: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${pathname}`, {
    headers: { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
  });
}

describe('npm run ledger:setup against Apache CouchDB', () => {
  const keys = path.join(work, 'keys');
  const policy = path.join(work, 'policy.json');
  const jws = path.join(work, 'policy.jws');

  beforeAll(async () => {
    runKeygen([keys]);
    writeFileSync(policy, readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8'));
    expect((await signPolicyFiles([policy, path.join(keys, PRIVATE_KEY_FILE)])).code).toBe(0);
  });

  it('refuses the password as typed, saying to percent-encode it, and touches nothing', async () => {
    const { code, err } = await run([`http://admin:${PASSWORD}@127.0.0.1:${port}/make-it-right`, policy]);
    expect(code).toBe(1);
    expect(err).toContain('percent-encode the user name and password in the database URL (# is %23, / is %2F, ? is %3F');
    expect(err).not.toContain(PASSWORD);
    expect((await asAdmin('/make-it-right')).status).toBe(404);
  });

  it('refuses a signed policy without --key, before it talks to the server', async () => {
    const { code, err } = await run([`http://admin:${ENCODED}@127.0.0.1:${port}/make-it-right`, jws]);
    expect(code).toBe(1);
    expect(err).toBe(
      `${jws} is a signed policy (JWS): verify it with the firm's public key, --key policy-signing.public.jwk (or the value of policySigningKey)`,
    );
    expect((await asAdmin('/make-it-right')).status).toBe(404);
  });

  it('says the server speaks plain http when the URL says https://', async () => {
    const { code, err } = await run([`https://admin:${ENCODED}@127.0.0.1:${port}/make-it-right`, jws, '--key', path.join(keys, PUBLIC_KEY_FILE)]);
    expect(code).toBe(1);
    expect(err).toMatch(/^https:\/\/127\.0\.0\.1:\d+ answers, but not with TLS: the URL says https:\/\/ and the server speaks plain http there\. Is it https\?/);
  }, 30_000);

  it('says nothing answers at a port where CouchDB is not running', async () => {
    const closed = await freePort();
    const { code, err } = await run([`http://admin:${ENCODED}@127.0.0.1:${closed}/make-it-right`, policy]);
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^Nothing answers at http://127\\.0\\.0\\.1:${closed} \\(connection refused\\): is CouchDB running`));
  });

  it('sets up the database from the .jws policy:sign wrote, verified with --key, with the percent-encoded password', async () => {
    const { code, out, err } = await run([
      `http://admin:${ENCODED}@127.0.0.1:${port}/make-it-right`,
      jws,
      '--key',
      path.join(keys, PUBLIC_KEY_FILE),
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('database created');
    expect(out).toContain('_security: 4 staff members');
    const design = (await (await asAdmin('/make-it-right/_design/make-it-right')).json()) as { policyVersion?: string };
    expect(design.policyVersion).toBe('2026-11-01');
  });
});
