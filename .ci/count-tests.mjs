// Adds up Vitest's "Tests  N passed | M failed" summary lines from a log into one closing line.
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const line of log.split('\n')) {
  const summary = /^\s*Tests\s+(.*)$/.exec(line);
  if (!summary) continue;
  passed += Number(/(\d+) passed/.exec(summary[1])?.[1] ?? 0);
  failed += Number(/(\d+) failed/.exec(summary[1])?.[1] ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
