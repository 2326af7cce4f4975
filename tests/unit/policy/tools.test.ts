import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POLICY_JSON_SCHEMA_FILE, renderPolicyJsonSchema } from '@/scripts/policy-schema';
import { checkPolicySource } from '@/scripts/policy-check';
import { generateSigningKeys, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '@/scripts/policy-keygen';
import { signPolicy } from '@/scripts/policy-sign';
import { setTranslator } from '@/utils/i18n';
import { languageFromEnv, tableTranslator } from '@/utils/i18n/tables';

const POLICIES = path.resolve(import.meta.dirname, '../../../public/policies');

describe('public/policy.schema.json', () => {
  it('is up to date with the zod schema (run npm run policy:schema)', () => {
    expect(readFileSync(POLICY_JSON_SCHEMA_FILE, 'utf8')).toBe(renderPolicyJsonSchema());
  });

  it('describes the JSON side: decimal amounts, $schema allowed, unknown keys refused', () => {
    const schema = JSON.parse(renderPolicyJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.$schema.type).toBe('string');
    expect(schema.required).not.toContain('detectors');
    const role = schema.properties.roles.items;
    expect(role.properties.perIncident.anyOf).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'number', minimum: 0 }), { type: 'null' }]),
    );
  });
});

describe('npm run policy:check', () => {
  it('summarises a valid policy with its limits in the firm currency', async () => {
    const { code, output } = await checkPolicySource(path.join(POLICIES, 'law-firm.json'));
    expect(code).toBe(0);
    expect(output).toContain('Ashdown Wren LLP — policy 2026-10-15');
    expect(output).toContain('Associate solicitor [associate]: £150.00 / £400.00 → senior-associate');
    expect(output).toContain('Managing partner [managing-partner]: no cap / no cap');
    expect(output).toContain('Staff: 6');
  });

  it('lists every error with its path and fails', async () => {
    const json = JSON.parse(readFileSync(path.join(POLICIES, 'accounting-firm.json'), 'utf8'));
    json.roles[2].approverRole = 'manger';
    json.roles[0].perIncident = -5;
    const file = path.join(tmpdir(), `policy-check-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(json));
    const { code, output } = await checkPolicySource(file);
    expect(code).toBe(1);
    expect(output).toContain('roles[0].perIncident: must not be negative');
    expect(output).toContain('roles[2].approverRole: unknown role "manger"');
    expect(output).toContain('2 errors in');
  });

  it('refuses a plain-http URL that is not local', async () => {
    const { code, output } = await checkPolicySource('http://policies.example.com/policy.json');
    expect(code).toBe(1);
    expect(output).toMatch(/must start with https:\/\//);
  });
});

/** A folder of its own for each run, removed at the end. */
const work = mkdtempSync(path.join(tmpdir(), 'policy-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function accountingFirm() {
  return JSON.parse(readFileSync(path.join(POLICIES, 'accounting-firm.json'), 'utf8'));
}

function writeWork(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

describe('npm run policy:check: every error at once, where it is', () => {
  it('lists all five errors of a file with five, unknown roles among them', async () => {
    const json = accountingFirm();
    json.roles[0].perIncident = '25'; // a string where an amount belongs
    json.roles[1].colour = 'blue'; // an unknown key
    json.roles[2].approverRole = 'partnr';
    json.staff[0].role = 'front-dsk';
    json.firm.timeZone = 'Europe/Nowhere';
    const { code, output } = await checkPolicySource(writeWork('five-errors.json', JSON.stringify(json)));
    expect(code).toBe(1);
    for (const line of [
      'roles[0].perIncident: expected number, got a string',
      'roles[1].colour: unknown key',
      'roles[2].approverRole: unknown role "partnr"',
      'staff[0].role: unknown role "front-dsk"',
      'firm.timeZone: unknown time zone "Europe/Nowhere"',
    ]) {
      expect(output).toContain(line);
    }
    expect(output).toContain('5 errors in');
  });

  it('gives a JSON syntax error as a line and column', async () => {
    const text = readFileSync(path.join(POLICIES, 'accounting-firm.json'), 'utf8').replace('"perIncident": 100,', '"perIncident": 100');
    const line = text.slice(0, text.indexOf('"perIncident": 100')).split('\n').length + 1;
    const { code, output } = await checkPolicySource(writeWork('syntax.json', text));
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`^\\(root\\): not valid JSON at line ${line}, column \\d+ \\(`));
    expect(output).not.toMatch(/position \d/);
  });
});

describe('npm run policy:check: valid but odd policies', () => {
  it('prints each warning with its path and still exits 0', async () => {
    const json = accountingFirm();
    json.roles[0].perIncident = 1000; // front desk above its approver, the manager ($500)
    json.roles[0].perClientPerYear = 2000;
    json.roles[1].perIncident = 400; // staff accountant: $400 per incident, $300 per client per year
    json.ledger = { url: 'https://ledger.example-firm.com/make-it-right' };
    const { code, output } = await checkPolicySource(writeWork('odd.json', JSON.stringify(json)));
    expect(code).toBe(0);
    expect(output).toContain('3 warnings (the policy is valid; check that it says what the firm means):');
    expect(output).toContain("  roles[0].perIncident: $1,000.00 per incident is above the per-incident limit of its approver, Manager ($500.00)");
    expect(output).toContain('  roles[1].perIncident: $400.00 per incident is above the $300.00 per client per year');
    expect(output).toContain('  staff: 4 staff members have no credit-note "code"');
    expect(output).toMatch(/OK: .*odd\.json is a valid policy\.$/);
  });
});

describe('npm run policy:check on the .jws that policy:sign writes', () => {
  const keys = generateSigningKeys();
  const text = readFileSync(path.join(POLICIES, 'accounting-firm.json'), 'utf8');
  const signed = signPolicy(text, keys.privateJwk);
  if (!signed.ok) throw new Error(signed.errors.join('\n'));
  const jws = writeWork('policy.jws', `${signed.token}\n`);
  const publicKeyFile = writeWork(PUBLIC_KEY_FILE, `${keys.publicJwk}\n`);

  it('checks it when --key verifies it, as a file or as the value IT sets', async () => {
    const fromFile = await checkPolicySource(jws, publicKeyFile);
    expect(fromFile.code).toBe(0);
    expect(fromFile.output).toContain('Harbor & Pine CPAs');
    expect(fromFile.output).toContain(`Signed: verified with ${publicKeyFile}.`);
    const fromValue = await checkPolicySource(jws, keys.publicRaw);
    expect(fromValue.code).toBe(0);
    expect(fromValue.output).toContain('Signed: verified with the key given.');
  });

  it('asks for the public key when none is given', async () => {
    expect(await checkPolicySource(jws)).toEqual({
      code: 1,
      output: `${jws} is a signed policy (JWS): verify it with the firm's public key, --key policy-signing.public.jwk (or the value of policySigningKey)`,
    });
  });

  it('refuses it when the key does not verify it, as the extension would', async () => {
    const other = writeWork('other.public.jwk', generateSigningKeys().publicJwk);
    const { code, output } = await checkPolicySource(jws, other);
    expect(code).toBe(1);
    expect(output).toBe(
      `${jws} does not verify with ${other} (the signature does not match the firm's signing key): the extension with this policySigningKey would refuse it. Give the public key of the pair that signed it, or sign the policy again with npm run policy:sign`,
    );
  });

  it('refuses a private key or a missing file as --key, saying which key to give', async () => {
    const privateFile = writeWork(PRIVATE_KEY_FILE, keys.privateJwk);
    expect((await checkPolicySource(jws, privateFile)).output).toBe(
      `${privateFile} is a private key: give the public key instead (policy-signing.public.jwk, or the value of policySigningKey), and keep the private key with whoever signs policies`,
    );
    const missing = path.join(work, 'nowhere.jwk');
    const result = await checkPolicySource(jws, missing);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^Could not read the public key .*nowhere\.jwk \(ENOENT.*\): give the file npm run policy:keygen wrote/);
  });

  it('refuses an unsigned policy when a key is given: the extension with that key would', async () => {
    const plain = path.join(POLICIES, 'accounting-firm.json');
    const { code, output } = await checkPolicySource(plain, publicKeyFile);
    expect(code).toBe(1);
    expect(output).toMatch(/is not signed, and where a signing key is set the extension accepts only signed policies: sign it with npm run policy:sign/);
  });

  it('says a .jws that is not a JWS is not one, instead of "not valid JSON"', async () => {
    const broken = writeWork('broken.jws', text);
    expect((await checkPolicySource(broken, publicKeyFile)).output).toBe(
      `${broken} ends in .jws but is not a signed policy (not a compact JWS (expected header.payload.signature)): publish the file npm run policy:sign wrote, unchanged`,
    );
  });
});

describe('npm run policy:check in the language of LANG', () => {
  it('speaks English by default and French under LANG=fr_FR.UTF-8; the firm’s words stay as written', async () => {
    expect(languageFromEnv({})).toBe('en');
    expect(languageFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'pt_BR.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'fr_FR.UTF-8' })).toBe('fr-FR');
    expect(languageFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toBe('de-DE');

    const json = JSON.parse(readFileSync(path.join(POLICIES, 'accounting-firm.json'), 'utf8'));
    json.roles[2].approverRole = 'manger';
    json.roles[0].perIncident = -5;
    const file = path.join(tmpdir(), `policy-check-fr-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(json));
    setTranslator(tableTranslator(languageFromEnv({ LANG: 'fr_FR.UTF-8' })));
    const { code, output } = await checkPolicySource(file);
    expect(code).toBe(1);
    expect(output).toContain('roles[0].perIncident: ne doit pas être négatif');
    expect(output).toContain('roles[2].approverRole: rôle inconnu « manger »');
    expect(output).toContain('2 erreurs dans');

    const summary = await checkPolicySource(path.join(POLICIES, 'law-firm.json'));
    expect(summary.output).toContain('Ashdown Wren LLP — politique 2026-10-15');
    expect(summary.output).toContain('Personnel : 6');
    expect(summary.output).toContain('Managing partner [managing-partner]: aucun plafond / aucun plafond');
  });
});
