/**
 * Deploys a real Chromium policy for the extension, the way an administrator does on Linux. Chromium reads managed
 * policies only from /etc/chromium/policies/managed/, which only root may write: without root the test must fail
 * and say so, not skip.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const POLICY_DIR = '/etc/chromium/policies/managed';

/** Why this process cannot deploy a policy, or null when it can. */
export function policyAccessProblem(uid: number | undefined = process.getuid?.()): string | null {
  if (uid === 0) return null;
  return (
    `The managed-policy test needs root: Chromium reads policies only from ${POLICY_DIR}, which only root may ` +
    `write, and this process runs as uid ${uid ?? 'unknown'}. Run it as root (CI does: .ci/run).`
  );
}

/** Writes the policy for one extension; the returned function removes it again. */
export async function deployPolicy(extensionId: string, values: Record<string, unknown>): Promise<() => Promise<void>> {
  const problem = policyAccessProblem();
  if (problem) throw new Error(problem);
  const file = join(POLICY_DIR, 'ipbx-connect-e2e.json');
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: values } } }));
  return () => rm(file, { force: true });
}
