/**
 * Browsers for the benchmark: Chromium with the extension (the e2e launcher, on a private build or copy of the build so
 * a rebuild during the run cannot change what is measured) and Chromium without it (the control).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_DIST = resolve('dist/chrome');

export interface ContentScriptFiles {
  /** The content scripts every frame gets. */
  js: string[];
  /** Modules they import where a frame has something to link (the page side: web-accessible resources). */
  modules: string[];
  css: string[];
}

/** Fails loudly, with what to do, when the browser is missing. */
export function preflight(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `bench: cannot run.\n  Chromium not found at ${CHROMIUM}: install it ("apt-get install -y chromium") or set CHROMIUM_PATH.`,
    );
}

/** The content script files the build in `dir` declares; fails loudly when one is missing. */
export function contentScriptFiles(dir: string): ContentScriptFiles {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`bench: no manifest at ${manifestPath}: the build failed.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    content_scripts?: { js?: string[]; css?: string[] }[];
    web_accessible_resources?: { resources?: string[] }[];
  };
  const scripts = manifest.content_scripts ?? [];
  const modules = (manifest.web_accessible_resources ?? [])
    .flatMap((r) => r.resources ?? [])
    .filter((f) => f.endsWith('.js'));
  const files = { js: scripts.flatMap((s) => s.js ?? []), modules, css: scripts.flatMap((s) => s.css ?? []) };
  const problems: string[] = [];
  if (files.js.length === 0) problems.push(`${manifestPath} declares no content script: is this the right build?`);
  for (const f of [...files.js, ...files.modules, ...files.css])
    if (!existsSync(join(dir, f))) problems.push(`The manifest names ${f} but ${join(dir, f)} is missing.`);
  if (problems.length > 0) throw new Error(`bench: cannot run.\n  ${problems.join('\n  ')}`);
  return files;
}

/**
 * The extension built for this run into a temporary directory: what `npm run build` makes for Chrome (NO_MINIFY=1 is
 * honoured), plus hidden source maps (BENCH_SOURCEMAP=1) for the CPU profiles' attribution (profile.ts). The scripts are
 * the same byte for byte as without maps; dist/ is left alone. Vite's output goes to stderr: stdout is the result.
 */
export async function buildForBench(): Promise<{ dir: string; files: ContentScriptFiles; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ipbx-bench-dist-'));
  const vite = resolve('node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, TARGET_BROWSER: 'chrome', BENCH_SOURCEMAP: '1' },
    stdio: ['ignore', 2, 2],
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('exit', done);
  });
  const remove = () => rm(dir, { recursive: true, force: true });
  if (code !== 0) {
    await remove();
    throw new Error(`bench: building the extension failed (vite exited with ${code}; its output is above).`);
  }
  return { dir, files: contentScriptFiles(dir), remove };
}

/** A private copy of dist/chrome for this run (bench/load.ts). */
export function snapshotBuild(): Promise<{ dir: string; files: ContentScriptFiles; remove(): Promise<void> }> {
  return copyBuild(CHROME_DIST);
}

/** A private copy of a build (dist/chrome, or another commit's: BENCH_DIST, BENCH_COMPARE) for this run. */
export async function copyBuild(
  from: string = CHROME_DIST,
): Promise<{ dir: string; files: ContentScriptFiles; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ipbx-bench-dist-'));
  await cp(resolve(from), dir, { recursive: true });
  if (!existsSync(join(dir, 'manifest.json')))
    throw new Error(`bench: copying ${from} failed (no manifest.json there, or a build running at the same time?)`);
  return { dir, files: contentScriptFiles(dir), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The same Chromium and flags as the e2e launcher, without any extension. */
export async function launchControl(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-extensions',
    ],
  });
}
