import { defineConfig } from 'vitest/config';

// The real-browser tier runs against the built extension (npm run test:e2e builds first).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
