import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/policy/example.json');

export const exampleText = readFileSync(FIXTURE, 'utf8');

/** A fresh, mutable copy of the reference policy as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function example(): any {
  return JSON.parse(exampleText);
}
