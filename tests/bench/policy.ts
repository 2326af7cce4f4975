import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './build';
import { atMost, measured, unavailable, type Figure } from './figures';
import { generateBigPolicy } from './fixtures/big-policy';
import type { Group } from './group';
import { median, timeRuns } from './stats';

// Validation of a policy as it arrives (text → parsed, checked, amounts in minor units), in Node:
// JSON.parse plus the zod schema and the cross-reference checks, the same code the background runs
// on every sync.

const GROUP = '7. Policy validation (Node)';
const RUNS = 21;

/** The example policy the product ships; the first that exists. */
const EXAMPLE_CANDIDATES = ['public/policies/accounting-firm.json', 'tests/fixtures/policy/example.json'];

export const policy: Group = {
  id: 'policy',
  title: GROUP,
  needsBuild: false,
  async run() {
    const examplePath = EXAMPLE_CANDIDATES.map((p) => path.join(ROOT, p)).find((p) => existsSync(p));
    if (!examplePath) return [unavailable(GROUP, 'example policy', 'ms', 'no example policy in the repository', atMost(50))];
    const { parsePolicyText } = await import('../../utils/policy/parse');
    const exampleText = readFileSync(examplePath, 'utf8');
    const bigText = generateBigPolicy(exampleText);

    const figures: Figure[] = [];
    for (const [name, text] of [
      [`example policy (${(exampleText.length / 1024).toFixed(1)} KB)`, exampleText],
      [`generated policy (${(bigText.length / 1024 / 1024).toFixed(2)} MB, 5,000 staff)`, bigText],
    ] as const) {
      const result = parsePolicyText(text);
      if (!result.ok) {
        const first = result.errors[0];
        figures.push(unavailable(GROUP, name, 'ms', `rejected: ${first ? `${first.path}: ${first.message}` : 'invalid'}`, atMost(50)));
        continue;
      }
      const times = await timeRuns(RUNS, () => parsePolicyText(text), 3);
      figures.push(measured(GROUP, name, median(times), 'ms', { runs: RUNS, target: atMost(50) }));
    }
    return figures;
  },
};
