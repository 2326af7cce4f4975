import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultKeyFolder,
  generateSigningKeys,
  managedStorageEntry,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  runKeygen,
} from '@/scripts/policy-keygen';
import { signPolicy, signPolicyFiles } from '@/scripts/policy-sign';
import { credentialsProblem, serverUnreachable } from '@/scripts/database-url';
import { verifyCompactJws } from '@/utils/policy/jws';

// The admin tools as an admin meets them: every failure says what to do next, and private keys stay
// out of the project unless someone asks for them there.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const POLICY_TEXT = readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8');

const work = mkdtempSync(path.join(tmpdir(), 'admin-tools-'));
const servers: Server[] = [];
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function folder(name: string): string {
  return path.join(work, name);
}

describe('npm run policy:keygen', () => {
  it('creates a folder that does not exist yet, with the private key readable by its owner only', () => {
    const target = path.join(folder('keys-missing'), 'deeper', 'still');
    const { code, output } = runKeygen([target]);
    expect(code).toBe(0);
    expect(output.split('\n')[0]).toBe(`Created ${target}`);
    expect(statSync(path.join(target, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(target, PUBLIC_KEY_FILE))).toBe(true);
  });

  it('without a folder writes to the user’s configuration folder, never into the project', () => {
    const config = folder('xdg-config');
    const before = readdirSync(ROOT);
    const { code, output } = runKeygen([], { XDG_CONFIG_HOME: config });
    expect(code).toBe(0);
    const keys = path.join(config, 'make-it-right');
    expect(output).toContain(`Private key: ${path.join(keys, PRIVATE_KEY_FILE)}`);
    expect(existsSync(path.join(keys, PRIVATE_KEY_FILE))).toBe(true);
    expect(readdirSync(ROOT)).toEqual(before);
    // And where that folder is without XDG_CONFIG_HOME, on Linux, macOS and Windows.
    expect(defaultKeyFolder({}, 'linux', '/home/ana')).toBe('/home/ana/.config/make-it-right');
    expect(defaultKeyFolder({}, 'darwin', '/Users/ana')).toBe('/Users/ana/.config/make-it-right');
    expect(defaultKeyFolder({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toMatch(
      /^C:\\Users\\ana\\AppData\\Roaming[\\/]make-it-right$/,
    );
  });

  it('says so when the folder is a file, and never replaces a private key', () => {
    const file = path.join(work, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(runKeygen([file])).toEqual({
      code: 1,
      output: `${file} is a file, not a folder: give the folder the key files should go to (it is created if missing)`,
    });
    const target = folder('keys-twice');
    expect(runKeygen([target]).code).toBe(0);
    const first = readFileSync(path.join(target, PRIVATE_KEY_FILE), 'utf8');
    const again = runKeygen([target]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already exists; move it away first .* or give another folder: npm run policy:keygen -- <folder>$/);
    expect(readFileSync(path.join(target, PRIVATE_KEY_FILE), 'utf8')).toBe(first);
  });

  it('prints the public key in both forms, and a managed-storage entry the managed schema accepts', async () => {
    const target = folder('keys-printed');
    const { output } = runKeygen([target]);
    const publicJwk = readFileSync(path.join(target, PUBLIC_KEY_FILE), 'utf8').trim();
    const raw = (JSON.parse(publicJwk) as { x: string }).x;
    const [entry, jwkEntry] = output.split('\n').slice(-2).map((line) => line.trim());
    expect(entry).toBe(`"policySigningKey": ${JSON.stringify(raw)}`);
    expect(jwkEntry).toBe(`"policySigningKeyJwk": ${publicJwk}`);

    // Chromium drops a managed value whose type its schema does not allow, and then nothing requires signing.
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'public/managed-schema.json'), 'utf8')) as {
      properties: Record<string, { type?: string | string[]; anyOf?: { type: string }[]; oneOf?: { type: string }[] }>;
    };
    const declared = schema.properties.policySigningKey!;
    const types = [declared.type ?? [], ...(declared.anyOf ?? declared.oneOf ?? []).map((s) => s.type)].flat();
    const value = (JSON.parse(`{${entry}}`) as { policySigningKey: unknown }).policySigningKey;
    expect(types).toContain(typeof value);

    // The value IT pastes is the key that verifies what the private key signs.
    const signed = signPolicy(POLICY_TEXT, readFileSync(path.join(target, PRIVATE_KEY_FILE), 'utf8'));
    if (!signed.ok) throw new Error(signed.errors.join('\n'));
    expect((await verifyCompactJws(signed.token, String(value))).ok).toBe(true);
    expect(managedStorageEntry(generateSigningKeys())).toMatch(/^"policySigningKey": "[A-Za-z0-9_-]{43}"$/);
  });

  it('has git ignore the key files wherever they land in the project', () => {
    for (const file of [PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, `keys/${PRIVATE_KEY_FILE}`, 'old-firm.private.jwk']) {
      expect(execFileSync('git', ['check-ignore', '--no-index', file], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(file);
    }
  });
});

describe('npm run policy:sign', () => {
  const keysFolder = folder('sign-keys');
  runKeygen([keysFolder]);
  const privateKey = path.join(keysFolder, PRIVATE_KEY_FILE);
  const publicKey = path.join(keysFolder, PUBLIC_KEY_FILE);

  function policyFile(name: string): string {
    const dir = folder(name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, POLICY_TEXT);
    return file;
  }

  it('given the public key, says it is the public key and names the private key file beside it', async () => {
    const policy = policyFile('sign-public');
    expect(await signPolicyFiles([policy, publicKey])).toEqual({
      code: 1,
      output: [
        `${publicKey}: Could not sign with this key: this is the public key, which verifies; sign with the private key file ${PRIVATE_KEY_FILE} that npm run policy:keygen wrote next to it (${privateKey})`,
        '',
        `Not signed: ${policy}`,
      ].join('\n'),
    });
    expect(existsSync(policy.replace(/json$/, 'jws'))).toBe(false);
  });

  it('given the key first and the policy second, says so and shows the command the right way round', async () => {
    const policy = policyFile('sign-swapped');
    expect(await signPolicyFiles([privateKey, policy])).toEqual({
      code: 2,
      output: `${privateKey} is a key and ${policy} is not: the policy comes first, then the private key:\n  npm run policy:sign -- ${policy} ${privateKey}`,
    });
  });

  it('signs a .jws again (a new key) once the old public key verifies it', async () => {
    const policy = policyFile('sign-again');
    expect((await signPolicyFiles([policy, privateKey])).code).toBe(0);
    const jws = policy.replace(/json$/, 'jws');
    const next = folder('sign-again-next-key');
    runKeygen([next]);
    expect(await signPolicyFiles([jws, path.join(next, PRIVATE_KEY_FILE)])).toEqual({
      code: 1,
      output: `${jws} is a signed policy (JWS): verify it with the firm's public key, --key policy-signing.public.jwk (or the value of policySigningKey)\n\nNot signed: ${jws}`,
    });
    expect(await signPolicyFiles([jws, path.join(next, PRIVATE_KEY_FILE), '--key', publicKey])).toEqual({
      code: 0,
      output: `Wrote ${jws}: publish it at the policy URL in place of the JSON file.`,
    });
    const token = readFileSync(jws, 'utf8');
    expect(await verifyCompactJws(token, readFileSync(path.join(next, PUBLIC_KEY_FILE), 'utf8'))).toEqual({
      ok: true,
      payload: POLICY_TEXT,
    });
  });
});

describe('npm run ledger:setup: the database URL', () => {
  it('says to percent-encode a password with # / ? or a bare %, without printing the password', () => {
    for (const password of ['pa#ss', '12#', 'pa/ss', '12/ab', 'what?', '100%sure']) {
      const problem = credentialsProblem(`https://admin:${password}@ledger.example-firm.com/make-it-right`);
      expect(problem, password).toMatch(/^The database URL cannot be read as typed: .*Please percent-encode the user name and password in the database URL \(# is %23, \/ is %2F, \? is %3F, % is %25, @ is %40, : is %3A\): https:\/\/admin:<password, percent-encoded>@ledger\.example-firm\.com\/make-it-right$/);
      expect(problem, password).not.toContain(password);
    }
  });

  it('takes a URL whose credentials are already percent-encoded, or hold an @', () => {
    for (const url of [
      'https://admin:pa%23ss%2F@ledger.example-firm.com/make-it-right',
      'https://admin:p@ss@ledger.example-firm.com/make-it-right',
      'http://admin:secret@127.0.0.1:5984/make-it-right',
      'https://ledger.example-firm.com/make-it-right',
    ]) {
      expect(credentialsProblem(url), url).toBeNull();
    }
  });
});

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('npm run ledger:setup: a server that does not answer as the URL says', () => {
  it('names a closed port: nothing answers; is CouchDB running?', async () => {
    const port = await listening(createHttpServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await serverUnreachable(`http://admin:x@127.0.0.1:${port}/make-it-right`)).toBe(
      `Nothing answers at http://127.0.0.1:${port} (connection refused): is CouchDB running, and listening on port ${port}? (CouchDB's own default is 5984, 6984 for its TLS port.)`,
    );
  });

  it('names https:// to a plain http server', async () => {
    const port = await listening(createHttpServer((_req, res) => res.end('{}')));
    expect(await serverUnreachable(`https://admin:x@127.0.0.1:${port}/make-it-right`)).toMatch(
      new RegExp(`^https://127\\.0\\.0\\.1:${port} answers, but not with TLS: the URL says https:// and the server speaks plain http there\\. Is it https\\?`),
    );
  });

  it('names http:// to a server that expects TLS, and a certificate this computer does not trust', async () => {
    const keyFile = path.join(work, 'tls.key');
    const certFile = path.join(work, 'tls.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-subj', '/CN=127.0.0.1', '-days', '1'], { stdio: 'pipe' });
    const server = createHttpsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (_req, res) => res.end('{}'));
    const port = await listening(server as unknown as Server);
    expect(await serverUnreachable(`http://admin:x@127.0.0.1:${port}/make-it-right`)).toBe(
      `http://127.0.0.1:${port} closed the connection without an answer. Is it https? The server there expects TLS: try https://127.0.0.1:${port}/make-it-right.`,
    );
    expect(await serverUnreachable(`https://admin:x@127.0.0.1:${port}/make-it-right`)).toMatch(
      /shows a certificate this computer does not trust \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. With the firm's own certificate authority, run again with NODE_EXTRA_CA_CERTS=/,
    );
  });

  it('has nothing to say about a server that answers, whatever the status', async () => {
    const port = await listening(createHttpServer((_req, res) => res.writeHead(401).end('{"error":"unauthorized"}')));
    expect(await serverUnreachable(`http://admin:x@127.0.0.1:${port}/make-it-right`)).toBeNull();
  });
});
