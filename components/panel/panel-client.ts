import type { DetectedClient, PageKind } from '@/utils/detect/types';
import type { Incident } from '@/utils/ledger/types';
import type { ClientRef } from '@/utils/ledger/types';
import { clientKeyOf } from '@/utils/ledger/client-key';
import { isEmailAddress, normaliseEmail } from '@/utils/people';
import { t } from '@/utils/i18n';

/** The client the panel is working for: detected in the tab, or picked from the ledger by hand. */
export interface PanelClient {
  clientKey: string;
  name: string;
  email?: string;
  recordId?: string;
  source: Incident['source'];
  pageKind?: PageKind;
  /** Picked by hand (search or typed email) rather than detected on the page. */
  picked: boolean;
  /** Opened from a step-due reminder, not picked by the person. */
  fromReminder?: boolean;
}

export function fromDetected(client: DetectedClient, url: string): PanelClient {
  return {
    clientKey: clientKeyOf(client),
    name: client.name || client.email || client.recordId || '',
    ...(client.email ? { email: client.email } : {}),
    ...(client.recordId ? { recordId: client.recordId } : {}),
    source: { tool: client.source, label: client.sourceLabel, ...(url ? { url } : {}) },
    pageKind: client.pageKind,
    picked: false,
  };
}

export function fromRef(ref: ClientRef): PanelClient {
  return {
    clientKey: ref.clientKey,
    name: ref.name || ref.email || ref.clientKey,
    ...(ref.email ? { email: ref.email } : {}),
    source: { tool: 'manual', label: t('pickedByHand') },
    picked: true,
  };
}

/** A typed email address as a client, or null when it is not one. */
export function fromTypedEmail(text: string): PanelClient | null {
  const email = normaliseEmail(text);
  if (!isEmailAddress(email)) return null;
  return fromRef({ clientKey: email, name: email, email });
}

/** "Detected in Gmail (open thread)", "Picked by hand". */
export function whereFound(client: PanelClient): string {
  if (client.fromReminder) return t('openedFromReminder');
  if (client.picked) return t('pickedByHand');
  const where = { thread: 'detectedInThread', compose: 'detectedInCompose', record: 'detectedInRecord' } as const;
  return t(client.pageKind ? where[client.pageKind] : 'detectedIn', client.source.label);
}
