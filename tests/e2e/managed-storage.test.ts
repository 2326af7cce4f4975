import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDir } from './common';
import { ROOT, callBackground, launchExtension, openOptions, startLocalServer, type ExtensionSession, type LocalServer } from './harness';
import { extensionIdFromKey } from '../../scripts/extension-id';
import { generateSigningKeys } from '../../scripts/policy-keygen';
import { signPolicy } from '../../scripts/policy-sign';

// What IT sets for the extension through Chromium's policies ("managed storage"), as the README's
// *Deploying with managed storage* says for Linux: a JSON file in /etc/chromium/policies/managed/
// with the `3rdparty.extensions.<id>` form, read by Debian's Chromium in headless mode too. Writing
// there needs root; the file is removed afterwards whatever happens.
//
// The browser applies such a file to every Chromium on this machine, so the extension under test
// carries a key of its own (a copy of the build with another manifest `key`, new each run): the
// policy reaches only it, never a browser running the real extension's id or another run's copy. Chromium's id for
// that copy is checked against scripts/extension-id.ts, the function the README's id comes from.

const POLICY_FOLDER = '/etc/chromium/policies/managed';
/** Named after this run's extension id, so two runs on one machine never overwrite each other's. */
let policyFile: string;
const isRoot = process.getuid?.() === 0;

const ANA = 'ana.ruiz@harborpine.example';
const IT_LEDGER = 'https://ledger.it.example/make-it-right';
const POLICY_LEDGER = 'https://ledger.policy.example/firm';
const exampleText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const signing = generateSigningKeys();
const jwk = JSON.parse(signing.publicJwk) as Record<string, string>;

/** The example policy at `version`, naming `ledger`; signed with the firm's key unless `unsigned`. */
function policy(version: string, options: { ledger?: string; unsigned?: boolean } = {}): string {
  const json = JSON.parse(exampleText) as { policyVersion: string; ledger?: unknown };
  json.policyVersion = version;
  if (options.ledger) json.ledger = { url: options.ledger, escalateAfterMinutes: 30, offlineAllowanceHours: 72 };
  const text = JSON.stringify(json);
  if (options.unsigned) return text;
  const signed = signPolicy(text, signing.privateJwk);
  if (!signed.ok) throw new Error(signed.errors.join('\n'));
  return signed.token;
}

// The service worker can take a few seconds to answer its first message after start-up.
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let extensionDir: string;
let extensionId: string;
let server: LocalServer;
/** The folders this test made, removed afterwards when empty. */
const madeFolders: string[] = [];

function writePolicy(settings: Record<string, unknown>): void {
  writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: settings } } }, null, 2), { mode: 0o644 });
}

async function withManaged(settings: Record<string, unknown>, run: (session: ExtensionSession, options: Page) => Promise<void>) {
  writePolicy(settings);
  const session = await launchExtension({ extensionDir });
  try {
    expect(session.extensionId).toBe(extensionId);
    await run(session, await openOptions(session));
  } finally {
    await session.close();
  }
}

function serve(body: string): void {
  server.handle((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end(body);
  });
}

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe.skipIf(!isRoot)('managed storage in Chromium (skipped unless root: it writes /etc/chromium/policies/managed/)', () => {
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    extensionDir = mkdtempSync(path.join(tmpdir(), 'mir-managed-'));
    cpSync(buildDir('chrome-mv3'), extensionDir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { key?: string };
    manifest.key = key;
    writeFileSync(path.join(extensionDir, 'manifest.json'), JSON.stringify(manifest));
    extensionId = extensionIdFromKey(key);
    policyFile = path.join(POLICY_FOLDER, `make-it-right-test-${extensionId}.json`);
    for (const folder of ['/etc/chromium/policies', POLICY_FOLDER]) {
      if (!existsSync(folder)) {
        mkdirSync(folder);
        madeFolders.unshift(folder);
      }
    }
    server = await startLocalServer();
  });

  afterAll(async () => {
    if (policyFile) rmSync(policyFile, { force: true });
    for (const folder of madeFolders) {
      try {
        rmdirSync(folder);
      } catch {
        // Not empty: someone else's policies are there too; left as found.
      }
    }
    await server?.close();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  it('policyUrl, lockPolicyUrl, staffEmail, ledgerUrl and the key as the JWK object: shown as set by your organisation; unsigned policies refused', async () => {
    serve(policy('2026-11-02', { ledger: POLICY_LEDGER }));
    await withManaged(
      {
        policyUrl: `${server.url}/policy.jws`,
        lockPolicyUrl: true,
        staffEmail: ANA,
        ledgerUrl: IT_LEDGER,
        policySigningKeyJwk: jwk,
      },
      async (_session, options) => {
        // Synced from IT's URL, signed with IT's key.
        await callBackground(options, 'syncPolicy', undefined);
        await options.reload();
        await until(() => text(options, 'firm-name')).toBe('Harbor & Pine CPAs');
        await until(() => text(options, 'signing-rule')).toBe('required by your organisation');
        const url = options.getByLabel('Policy URL');
        expect(await url.inputValue()).toBe(`${server.url}/policy.jws`);
        expect(await url.getAttribute('readonly')).not.toBeNull();
        expect(await options.locator('#policy-url-locked').textContent()).toBe('set by your organisation');
        const email = options.getByLabel('Your email');
        await until(() => email.inputValue()).toBe(ANA);
        expect(await email.getAttribute('readonly')).not.toBeNull();
        // IT's ledger, over the signed policy's own.
        await until(() => text(options, 'ledger-url')).toBe(`${IT_LEDGER} · set by your organisation`);

        // The next policy on the server is not signed: refused, the signed one stays in force.
        serve(policy('2026-11-03', { unsigned: true }));
        const refused = await callBackground(options, 'syncPolicy', undefined);
        expect(refused.lastError?.message).toMatch(/accepts only signed policies/);
        expect(refused.policy?.policyVersion).toBe('2026-11-02');
      },
    );
  });

  it('the key as base64url text: an unsigned policy is refused, a signed one is in force with the ledger it names', async () => {
    await withManaged({ policySigningKey: signing.publicRaw }, async (_session, options) => {
      const unsigned = await callBackground(options, 'importPolicy', { text: policy('2026-11-02', { unsigned: true }), fileName: 'policy.json' });
      expect(unsigned.policy).toBeNull();
      expect(unsigned.lastError?.message).toMatch(/accepts only signed policies/);
      const signed = await callBackground(options, 'importPolicy', { text: policy('2026-11-02', { ledger: POLICY_LEDGER }), fileName: 'policy.jws' });
      expect(signed.lastError).toBeNull();
      await options.reload();
      await until(() => text(options, 'firm-name')).toBe('Harbor & Pine CPAs');
      await until(() => text(options, 'signing-rule')).toBe('required by your organisation');
      // Signed with IT's key, the policy's own ledger is used; it is not IT's setting.
      await until(() => text(options, 'ledger-url')).toBe(POLICY_LEDGER);
    });
  });

  it('a key that cannot be used refuses every policy, and the options page says so in words', async () => {
    await withManaged({ policySigningKeyJwk: { kty: 'RSA', crv: 'P-256', x: 'AQAB' } }, async (_session, options) => {
      const refused = await callBackground(options, 'importPolicy', { text: policy('2026-11-02'), fileName: 'policy.jws' });
      expect(refused.policy).toBeNull();
      const sentence =
        'Your organisation set a policy signing key that cannot be read: policySigningKeyJwk: the signing key must be an Ed25519 public key (kty "OKP", crv "Ed25519"). Policies are refused until IT fixes it.';
      expect(refused.lastError?.message).toBe(sentence);
      await options.reload();
      await until(() => text(options, 'signing-key-problem')).toBe(sentence);
      expect(await text(options, 'signing-rule')).toBe('required by your organisation');
      expect(await text(options, 'firm-name')).toBe('No policy yet');
    });
  });

  it('without a key or IT\'s ledger, an unsigned policy cannot choose the ledger, and Firm ledger says why', async () => {
    await withManaged({ staffEmail: ANA }, async (_session, options) => {
      const imported = await callBackground(options, 'importPolicy', { text: policy('2026-11-02', { ledger: POLICY_LEDGER, unsigned: true }), fileName: 'policy.json' });
      expect(imported.lastError).toBeNull();
      await options.reload();
      await until(() => text(options, 'firm-name')).toBe('Harbor & Pine CPAs');
      expect(await text(options, 'signing-rule')).toBe('not required');
      await until(() => text(options, 'ledger-unsigned')).toBe(
        `This policy names a ledger at ${POLICY_LEDGER}, but it is not signed: your organisation must set the ledger address or sign the policy. Nothing is sent to it.`,
      );
      expect(await options.getByLabel('Ledger password').count()).toBe(0);
    });
  });
});
