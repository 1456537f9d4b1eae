// Runs one fixture file with the summary reporter alone (test/unit/summary-reporter.test.ts starts it).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite's cache with the project's, not a node_modules folder among the fixtures.
  cacheDir: '../../../node_modules/.vite/reporter-fixtures',
  test: { include: ['*.fixture.ts'], reporters: ['../summary-reporter.ts'], environment: 'node' },
});
