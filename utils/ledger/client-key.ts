import type { DetectedClient } from '../detect/types';
import { normaliseEmail } from '../people';
import { t } from '../i18n';

/** The ledger's key for a client: normalised email, else `<crm>:<record id>`. */
export function clientKeyOf(client: Pick<DetectedClient, 'email' | 'recordId' | 'source'>): string {
  if (client.email) return normaliseEmail(client.email);
  if (client.recordId) return `${client.source}:${client.recordId}`;
  throw new Error(t('clientNeedsId'));
}
