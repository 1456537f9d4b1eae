/** The extension under test in Chromium, signed in to the simulator as alice. */
import type { Simulator } from '../sim/simulator.ts';
import { configure, launchExtension, type ExtensionBrowser } from '../test/e2e/support/chromium.ts';
import { log } from './log.ts';

/** Chromium with the build in `dist`, configured as alice and connected to the simulator (the `n`-th connection). */
export async function connectedExtension(
  dist: string,
  sim: Simulator,
  n: number,
): Promise<{ ext: ExtensionBrowser; origin: string }> {
  const ext = await launchExtension({ dist });
  await configure(await ext.worker(), {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  await sim.waitForAuthenticated(n, 15_000);
  log(`extension ${ext.extensionId} (${dist}) connected to the simulator`);
  return { ext, origin: `chrome-extension://${ext.extensionId}/` };
}
