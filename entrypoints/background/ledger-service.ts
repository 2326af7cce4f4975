import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';

// SCAFFOLD: replaced by the real service.
type Names = 'getClientHistory' | 'startIncident' | 'tickStep' | 'quoteRemedy' | 'grantRemedy' | 'requestApproval' | 'markApproved' | 'resolveIncident' | 'getIncident' | 'listIncidents' | 'exportLedger' | 'importLedger' | 'searchClients';
const notYet = () => {
  throw new Error('not built yet');
};
export const ledgerHandlers = new Proxy({}, { get: () => notYet }) as Pick<Handlers<BackgroundProtocol>, Names>;
export function startReminders(): void {}
