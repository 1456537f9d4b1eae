/**
 * Control: the floors of the idle figure. Copies of the build whose content script is replaced by a probe that only
 * reads the page, measured on the prose page exactly like our script (idle.ts), each against its own first-reader walk
 * (the JSON's `control.idleFloors`):
 * - `filterWalk`: a text-only walk with our number filter (MAYBE_NUMBER on each text of seven characters or more). No
 *   content script that reads the page for numbers costs less.
 * - `bareWalk`: the first reader's walk itself (bench/inpage.ts, bareWalk), run as a content script: what the walk the
 *   goal is measured against costs when it meets the page where a content script does, at injection.
 * - `neededWalk`: what our probe cannot do without: one walk over elements and texts with our filter and its checks
 *   for open shadow roots and call links, and the extension API's first use every frame makes (a message listener,
 *   one message to the background).
 * Each is measured IDLE_RUNS times, as our script is (idle.ts), and reported by the median. Every probe leaves the
 * pages that carry data-ipbx-ignore alone, as our script does (bare-walk.ts, UNTOUCHED), so the first-reader walk it is
 * judged against stays the first reader. Each leaves a count in `probeFound`, so that its walk cannot be optimised
 * away.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAYBE_MIN_LENGTH, MAYBE_NUMBER } from '../../src/content/maybe-number.ts';
import { CALL_LINKS } from '../../src/content/call-links.ts';
import { launchExtension } from '../../test/e2e/support/chromium.ts';
import type { PageServer } from '../../test/e2e/support/pages.ts';
import { copyBuild } from '../browser.ts';
import { bareWalk } from '../inpage.ts';
import { IDLE_RUNS } from '../config.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { runIdle } from './idle.ts';

const MAYBE = `new RegExp(${JSON.stringify(MAYBE_NUMBER.source)})`;

/** A content script that runs `body` unless the page asks to be left alone. */
function leavingIgnoredAlone(body: string): string {
  return `(() => {
  if (document.documentElement.hasAttribute('data-ipbx-ignore')) return;
${body}
})();
`;
}

/** The probes by their name in the JSON, in the order they take turns. */
export const FLOOR_NAMES = ['filterWalk', 'bareWalk', 'neededWalk'] as const;
export type FloorName = (typeof FLOOR_NAMES)[number];

/** Each probe: a whole content script. */
export const FLOOR_PROBES: Record<FloorName, string> = {
  filterWalk: leavingIgnoredAlone(`  const maybe = ${MAYBE};
  const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let found = 0;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.length >= ${MAYBE_MIN_LENGTH} && maybe.test(n.data)) found++;
  globalThis.probeFound = found;`),
  bareWalk: leavingIgnoredAlone(`  globalThis.probeFound = ${bareWalk(1)}.sink;`),
  neededWalk: leavingIgnoredAlone(`  chrome.runtime.onMessage.addListener(() => undefined);
  chrome.runtime.sendMessage({ type: 'pageConfig', payload: null }).catch(() => undefined);
  const maybe = ${MAYBE};
  const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let found = 0;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (n.nodeType === 3) {
      if (n.length >= ${MAYBE_MIN_LENGTH} && maybe.test(n.data)) found++;
    } else if (n.shadowRoot !== null || (n.localName === 'a' && n.matches('${CALL_LINKS}'))) found++;
  }
  globalThis.probeFound = found;`),
};

/** One try: the probe's time on the prose page, the first reader's walk, and their ratio (as the idle goal's). */
export interface ProbeTry {
  totalMs: number;
  totalCpuMs: number;
  bareWalkFirstReaderMs: number;
  ratio: number;
}
export interface Floor {
  tries: ProbeTry[];
  medianRatio: number;
}

/**
 * `dist`: the build under test, copied once per probe. The probes take turns, so that a busy moment of the machine
 * falls on all of them alike.
 */
export async function idleFloors(dist: string, server: PageServer): Promise<Record<FloorName, Floor>> {
  const builds: Awaited<ReturnType<typeof copyBuild>>[] = [];
  const exts: { name: FloorName; ext: Awaited<ReturnType<typeof launchExtension>> }[] = [];
  try {
    for (const name of FLOOR_NAMES) {
      const build = await copyBuild(dist);
      builds.push(build);
      const [script, ...more] = build.files.js;
      if (!script || more.length > 0)
        throw new Error(`bench: expected one content script in ${dist}, found ${build.files.js.length}`);
      writeFileSync(join(build.dir, script), FLOOR_PROBES[name]);
      exts.push({ name, ext: await launchExtension({ dist: build.dir }) });
    }
    const tries = new Map<FloorName, ProbeTry[]>(FLOOR_NAMES.map((n) => [n, []]));
    for (let i = 0; i < IDLE_RUNS; i++) {
      for (const { name, ext } of i % 2 ? [...exts].reverse() : exts) {
        const idle = await runIdle({ ctx: ext.ctx, server, origin: `chrome-extension://${ext.extensionId}/` });
        const walk = Number(idle.bareWalkFirstReaderMs);
        tries.get(name)?.push({
          totalMs: idle.totalMs,
          totalCpuMs: Number(idle.totalCpuMs),
          bareWalkFirstReaderMs: walk,
          ratio: r1(idle.totalMs / walk),
        });
      }
    }
    const floor = (name: FloorName): Floor => {
      const t = tries.get(name) ?? [];
      return { tries: t, medianRatio: median(t.map((x) => x.ratio)) };
    };
    const out = { filterWalk: floor('filterWalk'), bareWalk: floor('bareWalk'), neededWalk: floor('neededWalk') };
    log(`control: content scripts that only read the prose page: ${JSON.stringify(out)}`);
    return out;
  } finally {
    for (const { ext } of exts) await ext.close().catch(() => undefined);
    for (const build of builds) await build.remove().catch(() => undefined);
  }
}
