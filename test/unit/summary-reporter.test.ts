/**
 * The closing line of a test run, from real vitest runs of fixture files (test/support/reporter-fixtures/), each in
 * a process of its own with the summary reporter alone.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('../support/reporter-fixtures/', import.meta.url));
const vitestCli = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

function runFixture(name: string): { line: string; status: number | null } {
  const run = spawnSync(
    process.execPath,
    [vitestCli, 'run', '--root', fixtures, '--config', 'vitest.config.ts', name],
    {
      cwd: fixtures,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 30_000,
    },
  );
  const lines = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l));
  if (lines.length !== 1)
    throw new Error(`no closing line from the fixture run of ${name}:\n${run.stdout}\n${run.stderr}`);
  return { line: lines[0] ?? '', status: run.status };
}

describe('summary reporter', () => {
  it('counts passed and deliberately skipped tests', () => {
    expect(runFixture('passes.fixture.ts')).toEqual({ line: '2 passed, 0 failed, 1 skipped', status: 0 });
  });

  it('counts the tests a throwing beforeAll kept from running as failed, not skipped', () => {
    expect(runFixture('setup-throws.fixture.ts')).toEqual({ line: '1 passed, 2 failed, 1 skipped', status: 1 });
  });

  it('counts a file that fails to load as failed', () => {
    expect(runFixture('import-error.fixture.ts')).toEqual({ line: '0 passed, 1 failed, 0 skipped', status: 1 });
  });

  it('counts a file whose afterAll throws as failed', () => {
    expect(runFixture('teardown-throws.fixture.ts')).toEqual({ line: '1 passed, 1 failed, 0 skipped', status: 1 });
  });
});
