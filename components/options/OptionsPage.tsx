import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { DetectorSpec, PolicyState } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { DataSection } from './DataSection';
import { LedgerSection } from './LedgerSection';
import { PolicySection } from './PolicySection';
import { SiteAccess } from './SiteAccess';
import { SummarySection } from './SummarySection';
import { YouSection } from './YouSection';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

const NO_DETECTORS: readonly DetectorSpec[] = [];

/** `watch` calls `refresh` whenever stored policy state changes (a background sync); returns an unsubscribe. */
export function OptionsPage(props: { watch?: (refresh: () => void) => () => void }) {
  const [state, setState] = useState<PolicyState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const refresh = () =>
      sendMessage('getPolicyState').then(setState, (error: unknown) => setProblem(errorText(error)));
    void refresh();
    return props.watch?.(() => void refresh());
  }, []);

  return (
    <main class="options stack">
      <h1>{t('optionsHeading')}</h1>
      {problem && <Notice kind="error">{problem}</Notice>}
      <PolicySection state={state} onState={setState} />
      <SiteAccess detectors={state?.policy?.detectors ?? NO_DETECTORS} />
      <YouSection policy={state?.policy ?? null} policyVersion={state?.policy?.policyVersion ?? null} />
      <LedgerSection policy={state?.policy ?? null} managed={state?.managedLedger ?? null} unsigned={state?.unsignedLedger?.url ?? null} />
      <SummarySection policy={state?.policy ?? null} />
      <DataSection
        policy={state?.policy ?? null}
        timeZone={state ? (state.policy?.firm.timeZone ?? 'UTC') : null}
        {...(state?.policy ? { locale: state.policy.firm.locale } : {})}
      />
    </main>
  );
}
