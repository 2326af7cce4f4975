import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_JSON_SCHEMA_FILE, renderPolicyJsonSchema } from '@/scripts/policy-schema';
import { checkPolicySource } from '@/scripts/policy-check';
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
