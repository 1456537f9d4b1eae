/**
 * The build `npm run bench` measures: its own, with source maps (browser.ts, buildForBench), or a copy of a build made
 * elsewhere (BENCH_DIST); what of it every page gets injected; the source map that names the rooms in CPU profiles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildForBench, copyBuild, type ContentScriptFiles } from './browser.ts';
import { log } from './log.ts';
import { type Locator, ProfileSources } from './profile.ts';

/** A private build directory for this run, removed at the end. */
export interface BenchBuild {
  dir: string;
  files: ContentScriptFiles;
  remove(): Promise<void>;
}

/** One file every page gets injected, with its size and its size gzipped. */
export interface InjectedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** `given`: the directory of a build made elsewhere (BENCH_DIST), else the bench builds its own. */
export async function buildUnderTest(given: string | undefined): Promise<BenchBuild> {
  log(given ? `measuring the build in ${given}` : 'building the extension with source maps');
  return given ? await copyBuild(given) : await buildForBench();
}

/** What a page with something to link gets injected: the content script and CSS (every frame) and the page side. */
export function injectedFiles(snap: BenchBuild): { injected: InjectedFile[]; gzipTotal: number } {
  const files = snap.files;
  const injected = [...files.js, ...files.modules, ...files.css].map((f) => {
    const raw = readFileSync(join(snap.dir, f));
    return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const gzipTotal = injected.reduce((s, x) => s + x.gzipBytes, 0);
  log(`injected: ${injected.map((x) => `${x.file} ${x.bytes} B (gzip ${x.gzipBytes} B)`).join(', ')}`);
  return { injected, gzipTotal };
}

/** Read when a profile is asked for: a build made elsewhere (BENCH_DIST) has no source maps. */
export function profileSource(snap: BenchBuild): () => Locator {
  let sourceMap: Locator | null = null;
  return (): Locator => (sourceMap ??= ProfileSources.forScripts(snap.dir, [...snap.files.js, ...snap.files.modules]));
}
