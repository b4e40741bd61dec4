import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm test`: everything that needs only Node. Unit and integration suites run in Node against real
// SQLite files; component suites render React into jsdom.
export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    projects: [
      // Timeouts are hang guards for a loaded 2-core CI machine, never speed assertions.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } },
      // Sync: desktops (real SQLite files) and a real server (PGlite, or PostgreSQL under test:pg) over HTTP.
      { extends: true, test: { name: 'sync', include: ['tests/sync/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'component', include: ['tests/component/**/*.test.tsx'], environment: 'jsdom', setupFiles: ['tests/component/setup.ts'], testTimeout: 60_000 } },
    ],
  },
});
