import { unavailable } from './figures';
import type { Group } from './group';

export const latency: Group = {
  id: 'latency',
  title: 'latency',
  needsBuild: false,
  async run() {
    return [unavailable('latency', 'all figures', 'ms', 'not measured yet')];
  },
};
