import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the built renderer in Debian's Chromium, driven by playwright-core through the
// host. Files run one at a time: each starts its own host and browser.
export default defineConfig({
  test: {
    globals: true,
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
