import { unavailable } from './figures';
import type { Group } from './group';

export const overhead: Group = {
  id: 'overhead',
  title: 'overhead',
  needsBuild: false,
  async run() {
    return [unavailable('overhead', 'all figures', 'ms', 'not measured yet')];
  },
};
