import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// Aliased for the polyfill, and loaded first in every test file as the global `browser` (src/shared/ext.ts).
const fakeBrowser = fileURLToPath(new URL('./test/support/fake-polyfill.ts', import.meta.url));

// Four projects: unit (pure code and DOM, fake browser API), integration (the engine against the real simulator,
// fake browser API), build (the built manifests), e2e (the built extension in real Chromium and Firefox; one file at
// a time on 2 cores).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        plugins: [preact()],
        resolve: { alias: { 'webextension-polyfill': fakeBrowser } },
        define: { __BROWSER__: JSON.stringify('chrome') },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: [fakeBrowser],
        },
      },
      {
        resolve: { alias: { 'webextension-polyfill': fakeBrowser } },
        define: { __BROWSER__: JSON.stringify('chrome') },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/sim/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          setupFiles: [fakeBrowser],
        },
      },
      {
        // The built extension's files (run after `npm run build`, as `npm test` does).
        test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A real browser on 2 busy cores: give state changes 5 s to show (not a performance assertion).
          expect: { poll: { timeout: 5_000, interval: 100 } },
        },
      },
    ],
  },
});
