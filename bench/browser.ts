/**
 * Browsers for the benchmark: Chromium with the built extension (the e2e launcher, on a private copy of the build so
 * a rebuild during the run cannot change what is measured) and Chromium without it (the control).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_DIST = resolve('dist/chrome');

export interface ContentScriptFiles {
  js: string[];
  css: string[];
}

/** Fails loudly, with what to do, when the browser or the build is missing. */
export function preflight(): ContentScriptFiles {
  const problems: string[] = [];
  if (!existsSync(CHROMIUM)) problems.push(`Chromium not found at ${CHROMIUM}: install it ("apt-get install -y chromium") or set CHROMIUM_PATH.`);
  const manifestPath = join(CHROME_DIST, 'manifest.json');
  let files: ContentScriptFiles = { js: [], css: [] };
  if (!existsSync(manifestPath)) problems.push(`No build at ${CHROME_DIST}: run "npm run build" first.`);
  else {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { content_scripts?: { js?: string[]; css?: string[] }[] };
    const scripts = manifest.content_scripts ?? [];
    files = { js: scripts.flatMap((s) => s.js ?? []), css: scripts.flatMap((s) => s.css ?? []) };
    if (files.js.length === 0) problems.push(`${manifestPath} declares no content script: is this the right build?`);
    for (const f of [...files.js, ...files.css]) {
      if (!existsSync(join(CHROME_DIST, f))) problems.push(`The manifest names ${f} but ${join(CHROME_DIST, f)} is missing: run "npm run build".`);
    }
  }
  if (problems.length > 0) throw new Error(`bench: cannot run.\n  ${problems.join('\n  ')}`);
  return files;
}

/** A private copy of dist/chrome for this run. */
export async function snapshotBuild(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ipbx-bench-dist-'));
  await cp(CHROME_DIST, dir, { recursive: true });
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`bench: copying ${CHROME_DIST} failed (a build running at the same time?)`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The same Chromium and flags as the e2e launcher, without any extension. */
export async function launchControl(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-extensions'],
  });
}
