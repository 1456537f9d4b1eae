// Runs one fixture file with the summary reporter alone (test/unit/summary-reporter.test.ts starts it).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['*.fixture.ts'], reporters: ['../summary-reporter.ts'], environment: 'node' },
});
