import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { formatMoney } from '../utils/money';
import { formatPolicyIssue, parsePolicyText } from '../utils/policy/parse';
import { checkPolicyUrl } from '../utils/policy/sync';
import type { Policy } from '../utils/policy/types';
import { setTranslator, t, tp } from '../utils/i18n';
import { languageFromEnv, tableTranslator } from '../utils/i18n/tables';

// For admins: `npm run policy:check -- <file-or-url>` before publishing a policy. Prints a one-screen
// summary, or every error with its JSON path; exits 1 on errors.

function summarisePolicy(policy: Policy): string {
  const { firm } = policy;
  const money = (minor: number | null) =>
    minor === null ? t('pbNoCap') : formatMoney(minor, firm.currency, firm.locale);
  const lines = [
    t('pcHeader', firm.name, policy.policyVersion),
    t('pcFirmLine', firm.currency, firm.locale, firm.timeZone, policy.sync.refreshMinutes),
    '',
    t('pcRoles'),
    ...policy.roles.map(
      (r) =>
        `  ${r.label} [${r.id}]: ${money(r.perIncident)} / ${money(r.perClientPerYear)}` +
        (r.approverRole ? ` → ${r.approverRole}` : ''),
    ),
    '',
    t('pcStaff', policy.staff.length),
    t('pcRemedies', policy.remedies.length),
    ...policy.remedies.map(
      (r) =>
        `  ${r.label} [${r.kind}]: ${money(r.defaultAmount)}` + (r.maxAmount === undefined ? '' : t('pcAtMost', money(r.maxAmount))),
    ),
    t('pcCounts', policy.categories.length, policy.checklist.length, policy.templates.length, policy.detectors.length),
  ];
  return lines.join('\n');
}

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const problem = checkPolicyUrl(source);
    if (problem) throw new Error(problem);
    const response = await fetch(source, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(t('pcServerAnswered', String(response.status)));
    return response.text();
  }
  return readFile(source, 'utf8');
}

/** Exit code and output for one policy file or URL. */
export async function checkPolicySource(source: string): Promise<{ code: number; output: string }> {
  let text: string;
  try {
    text = await readSource(source);
  } catch (error) {
    return { code: 1, output: t('couldNotRead', source, error instanceof Error ? error.message : String(error)) };
  }
  const result = parsePolicyText(text);
  if (result.ok) return { code: 0, output: `${summarisePolicy(result.policy)}\n\n${t('pcOk', source)}` };
  const count = result.errors.length;
  return {
    code: 1,
    output: [...result.errors.map(formatPolicyIssue), '', tp('pcErrors', count, source)].join('\n'),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // English, or the language of LANG when the extension has it.
  setTranslator(tableTranslator(languageFromEnv(process.env)));
  const source = process.argv[2];
  if (!source) {
    console.error(t('pcUsage'));
    process.exit(2);
  }
  const { code, output } = await checkPolicySource(source);
  (code ? console.error : console.log)(output);
  process.exit(code);
}
