/**
 * A display for the few tests that need a headful browser (native context menus): the existing DISPLAY, or a
 * private Xvfb started for the test. Fails loudly when neither is possible.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Display {
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function ensureDisplay(): Promise<Display> {
  if (process.env.DISPLAY) return { env: { DISPLAY: process.env.DISPLAY }, close: async () => {} };
  if (!existsSync('/usr/bin/Xvfb'))
    throw new Error('No DISPLAY and no Xvfb: install it with "apt-get install -y xvfb".');
  const number = 90 + Math.floor(Math.random() * 900);
  const xvfb: ChildProcess = spawn('/usr/bin/Xvfb', [`:${number}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  const display = `:${number}`;
  // Xvfb is ready when its socket exists.
  const socket = `/tmp/.X11-unix/X${number}`;
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (xvfb.exitCode !== null) throw new Error(`Xvfb ${display} exited with code ${xvfb.exitCode}`);
    if (Date.now() > deadline) throw new Error(`Xvfb ${display} did not start within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    env: { DISPLAY: display },
    close: async () => {
      xvfb.kill();
      await new Promise((r) => xvfb.once('exit', r));
    },
  };
}
