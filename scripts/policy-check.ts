import { pathToFileURL } from 'node:url';
import { formatMoney } from '../utils/money';
import { formatPolicyIssue, parsePolicyText } from '../utils/policy/parse';
import { policyWarnings } from '../utils/policy/warnings';
import { loadPolicyText, toolArgs } from './policy-file';
import type { Policy } from '../utils/policy/types';
import { setTranslator, t, tp } from '../utils/i18n';
import { languageFromEnv, tableTranslator } from '../utils/i18n/tables';

// For admins: `npm run policy:check -- <file-or-url> [--key <public key>]` before publishing a policy
// (.json, or the .jws policy:sign writes, verified with the public key). Prints a one-screen summary
// and any warnings (valid but odd: exit 0), or every error with its JSON path (exit 1).

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

/** Exit code and output for one policy file or URL: .json, or .jws verified with the public key `keyArg`. */
export async function checkPolicySource(source: string, keyArg?: string): Promise<{ code: number; output: string }> {
  const opened = await loadPolicyText(source, keyArg);
  if (!opened.ok) return { code: 1, output: opened.error };
  const result = parsePolicyText(opened.text);
  if (!result.ok) {
    const count = result.errors.length;
    return {
      code: 1,
      output: [...result.errors.map(formatPolicyIssue), '', tp('pcErrors', count, source)].join('\n'),
    };
  }
  const lines = [summarisePolicy(result.policy), ''];
  if (opened.verifiedWith !== undefined) lines.push(t('pcSignedWith', opened.verifiedWith));
  // Valid but odd: printed, and the exit code stays 0.
  const warnings = policyWarnings(result.policy);
  if (warnings.length) lines.push(tp('pcWarnings', warnings.length), ...warnings.map((w) => `  ${formatPolicyIssue(w)}`), '');
  lines.push(t('pcOk', source));
  return { code: 0, output: lines.join('\n') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // English, or the language of LANG when the extension has it.
  setTranslator(tableTranslator(languageFromEnv(process.env)));
  const args = toolArgs(process.argv.slice(2));
  const [source, extra] = args.positional;
  if (args.problem || !source || extra !== undefined) {
    console.error(args.problem ?? t('pcUsage'));
    process.exit(2);
  }
  const { code, output } = await checkPolicySource(source, args.key);
  (code ? console.error : console.log)(output);
  process.exit(code);
}
