import { useMemo } from 'preact/hooks';
import { currencyChoices, localeChoices, timeZoneChoices } from '@/utils/editor/choices';
import { useEditor } from './context';
import { NumberField, SelectField, TextField } from './Field';
import { Section } from './Groups';
import { messages, t } from '@/utils/i18n';

// The firm, the policy's version, credit-note numbering, how often extensions sync, and the firm's
// shared ledger.

const STRINGS = messages({
  title: 'edFirmTitle',
  name: 'edFirmName',
  currency: 'edFirmCurrency',
  locale: 'edFirmLocale',
  timeZone: 'edFirmTimeZone',
  policyVersion: 'edFirmPolicyVersion',
  policyVersionHint: 'edFirmPolicyVersionHint',
  prefix: 'edFirmPrefix',
  prefixHint: 'edFirmPrefixHint',
  refresh: 'edFirmRefresh',
  refreshHint: 'edFirmRefreshHint',
  useVersion: (version: string) => t('edUseVersion', version),
  ledger: 'edFirmLedger',
  ledgerHint: 'edFirmLedgerHint',
});

/** Beside the policy version: why the policy in force would refuse this one, and a version it takes. */
function VersionWarning() {
  const editor = useEditor();
  if (!editor.version) return null;
  const { problem, suggestion } = editor.version;
  return (
    <div class="field-warning" id="policy-version-warning">
      <p>{problem}</p>
      <button type="button" class="secondary" onClick={() => editor.set(['policyVersion'], suggestion, STRINGS.policyVersion)}>
        {STRINGS.useVersion(suggestion)}
      </button>
    </div>
  );
}

export function FirmSection() {
  const editor = useEditor();
  const currencies = useMemo(() => currencyChoices(), []);
  const locales = useMemo(() => localeChoices(), []);
  const zones = useMemo(() => timeZoneChoices(), []);
  return (
    <Section
      keys={['firm', 'policyVersion', 'schemaVersion', 'creditNotes', 'sync', 'ledger']}
      title={STRINGS.title}
      shown={[
        ['firm', 'name'],
        ['firm', 'currency'],
        ['firm', 'locale'],
        ['firm', 'timeZone'],
        ['policyVersion'],
        ['creditNotes', 'prefix'],
        ['sync', 'refreshMinutes'],
        ['ledger', 'url'],
      ]}
    >
      <div class="grid">
        <TextField path={['firm', 'name']} label={STRINGS.name} />
        <TextField
          path={['policyVersion']}
          label={STRINGS.policyVersion}
          hint={STRINGS.policyVersionHint}
          describedBy={editor.version ? 'policy-version-warning' : undefined}
          after={<VersionWarning />}
        />
        <SelectField path={['firm', 'currency']} label={STRINGS.currency} choices={currencies} />
        <SelectField path={['firm', 'locale']} label={STRINGS.locale} choices={locales} />
        <SelectField path={['firm', 'timeZone']} label={STRINGS.timeZone} choices={zones} />
        <TextField path={['creditNotes', 'prefix']} label={STRINGS.prefix} hint={STRINGS.prefixHint} />
        <NumberField path={['sync', 'refreshMinutes']} label={STRINGS.refresh} hint={STRINGS.refreshHint} integer optional />
        <TextField
          path={['ledger', 'url']}
          removeWhenEmpty={['ledger']}
          label={STRINGS.ledger}
          hint={STRINGS.ledgerHint}
          class="wide"
        />
      </div>
    </Section>
  );
}
