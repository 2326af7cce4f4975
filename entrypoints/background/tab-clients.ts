import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';

// SCAFFOLD: replaced by the real service.
type Names = 'clientDetected' | 'getTabClient' | 'insertIntoEmail';
const notYet = () => {
  throw new Error('not built yet');
};
export const tabHandlers = new Proxy({}, { get: () => notYet }) as Pick<Handlers<BackgroundProtocol>, Names>;
export function startTabTracking(): void {}
