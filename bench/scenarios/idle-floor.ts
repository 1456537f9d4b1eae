/**
 * Control: the floor of the idle figure. The same build with its content script replaced by a probe that does nothing
 * but read the page once with our number filter (a text-only walk, MAYBE_NUMBER on each text of seven characters or
 * more), measured on the prose page exactly like our script (idle.ts). No content script that reads the page costs
 * less, so this is what any design pays before it links anything (the JSON's `control.idleProbeFloor`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAYBE_NUMBER } from '../../src/content/maybe-number.ts';
import { launchExtension } from '../../test/e2e/support/chromium.ts';
import type { PageServer } from '../../test/e2e/support/pages.ts';
import { copyBuild } from '../browser.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { runIdle } from './idle.ts';

const TRIES = 3;

/**
 * The probe: one pass over the page's texts, in the isolated world every content script gets. It leaves the pages
 * that carry data-ipbx-ignore alone, as our script does (bare-walk.ts, UNTOUCHED), so the first-reader walk it is
 * judged against stays the first reader.
 */
export function probeScript(): string {
  return `(() => {
  if (document.documentElement.hasAttribute('data-ipbx-ignore')) return;
  const maybe = new RegExp(${JSON.stringify(MAYBE_NUMBER.source)});
  const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let found = 0;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.length >= 7 && maybe.test(n.data)) found++;
  globalThis.probeFound = found;
})();
`;
}

/** One try: the probe's time on the prose page, the first reader's walk, and their ratio (as the idle goal's). */
export interface ProbeTry {
  totalMs: number;
  totalCpuMs: number;
  bareWalkFirstReaderMs: number;
  ratio: number;
}

/** `dist`: the build under test, copied and given the probe as its content script. */
export async function idleProbeFloor(
  dist: string,
  server: PageServer,
): Promise<{ tries: ProbeTry[]; medianRatio: number }> {
  const probe = await copyBuild(dist);
  try {
    const [script, ...more] = probe.files.js;
    if (!script || more.length > 0)
      throw new Error(`bench: expected one content script in ${dist}, found ${probe.files.js.length}`);
    writeFileSync(join(probe.dir, script), probeScript());
    const ext = await launchExtension({ dist: probe.dir });
    const tries: ProbeTry[] = [];
    try {
      const c = { ctx: ext.ctx, server, origin: `chrome-extension://${ext.extensionId}/` };
      for (let i = 0; i < TRIES; i++) {
        const idle = await runIdle(c);
        const walk = Number(idle.bareWalkFirstReaderMs);
        tries.push({
          totalMs: idle.totalMs,
          totalCpuMs: Number(idle.totalCpuMs),
          bareWalkFirstReaderMs: walk,
          ratio: r1(idle.totalMs / walk),
        });
      }
    } finally {
      await ext.close();
    }
    const result = { tries, medianRatio: median(tries.map((t) => t.ratio)) };
    log(`control: a content script that only reads the prose page once: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await probe.remove();
  }
}
