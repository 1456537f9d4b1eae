/**
 * Prints the plain closing line "N passed, N failed, N skipped" that CI reads, after vitest's own summary.
 * A file that fails to load, or whose setup or teardown throws, counts as failed: vitest reports the tests such a
 * failure kept from running as skipped, and a file with no tests at all has no test to fail.
 */
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** An error of the test's suites or file (a hook that threw, a file that did not load) kept it from running. */
function blockedByError(test: TestCase): boolean {
  for (let at: TestSuite | TestModule = test.parent; ; at = at.parent) {
    if (at.errors().length > 0) return true;
    if (at.type === 'module') return false;
  }
}

function hasSuiteErrors(mod: TestModule): boolean {
  if (mod.errors().length > 0) return true;
  for (const suite of mod.children.allSuites()) if (suite.errors().length > 0) return true;
  return false;
}

export function countResults(modules: ReadonlyArray<TestModule>): Totals {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  for (const mod of modules) {
    let failed = 0;
    for (const test of mod.children.allTests()) {
      const state = test.result().state;
      const meantToRun = test.options.mode === 'run' || test.options.mode === 'only';
      if (state === 'passed') totals.passed++;
      else if (state === 'failed' || (meantToRun && blockedByError(test))) failed++;
      else totals.skipped++;
    }
    // An error no test's failure shows (no test collected, an afterAll that threw) still fails the file once.
    if (failed === 0 && (mod.state() === 'failed' || hasSuiteErrors(mod))) failed = 1;
    totals.failed += failed;
  }
  return totals;
}

export function summaryLine({ passed, failed, skipped }: Totals): string {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    console.log(`\n${summaryLine(countResults(modules))}`);
  }
}
