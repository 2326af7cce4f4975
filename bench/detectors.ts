import { unavailable } from './figures';
import type { Group } from './group';

export const detectors: Group = {
  id: 'detectors',
  title: 'detectors',
  needsBuild: false,
  async run() {
    return [unavailable('detectors', 'all figures', 'ms', 'not measured yet')];
  },
};
