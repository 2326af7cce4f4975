import { unavailable } from './figures';
import type { Group } from './group';

export const sidepanel: Group = {
  id: 'sidepanel',
  title: 'sidepanel',
  needsBuild: false,
  async run() {
    return [unavailable('sidepanel', 'all figures', 'ms', 'not measured yet')];
  },
};
