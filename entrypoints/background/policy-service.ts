import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';

// SCAFFOLD: replaced by the real service.
type Names = 'getPolicyState' | 'syncPolicy' | 'setPolicyUrl' | 'importPolicy' | 'getSettings' | 'setSettings' | 'detectContext';
const notYet = () => {
  throw new Error('not built yet');
};
export const policyHandlers = new Proxy({}, { get: () => notYet }) as Pick<Handlers<BackgroundProtocol>, Names>;
export function startPolicySync(): void {}
