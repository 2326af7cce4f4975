import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { policyInputSchema } from '../utils/policy/schema';

// Writes public/policy.schema.json from the zod schema, so admins get completion and checking in
// their editor with "$schema". The JSON side is the input: amounts are decimal numbers.

export const POLICY_JSON_SCHEMA_FILE = path.resolve(import.meta.dirname, '../public/policy.schema.json');

export function renderPolicyJsonSchema(): string {
  const schema = z.toJSONSchema(policyInputSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(POLICY_JSON_SCHEMA_FILE, renderPolicyJsonSchema());
  console.log(`Wrote ${path.relative(process.cwd(), POLICY_JSON_SCHEMA_FILE)}`);
}
