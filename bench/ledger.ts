import { unavailable } from './figures';
import type { Group } from './group';

export const ledger: Group = {
  id: 'ledger',
  title: 'ledger',
  needsBuild: false,
  async run() {
    return [unavailable('ledger', 'all figures', 'ms', 'not measured yet')];
  },
};
