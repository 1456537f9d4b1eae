import { afterEach, describe, expect, it, vi } from 'vitest';
import { deployPolicy, policyAccessProblem } from '../e2e/support/chromium-policy.ts';

describe('the managed-policy e2e without root', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('says that it needs root, and where Chromium reads policies from', () => {
    expect(policyAccessProblem(1000)).toBe(
      'The managed-policy test needs root: Chromium reads policies only from /etc/chromium/policies/managed, which ' +
        'only root may write, and this process runs as uid 1000. Run it as root (CI does: .ci/run).',
    );
    expect(policyAccessProblem(0)).toBeNull();
  });

  it('fails before writing anything when the process is not root', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    await expect(deployPolicy('abcdefghijklmnopabcdefghijklmnop', { defaultCountry: 'SK' })).rejects.toThrow(
      'The managed-policy test needs root',
    );
  });
});
