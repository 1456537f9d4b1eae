/**
 * The built manifests against a reviewed snapshot, so that every change to what the browsers are told (permissions,
 * matches, pages, versions) shows up in review as a diff of __snapshots__/manifest.<browser>.json. After reviewing an
 * intended change: `npm run build && npx vitest run --project build -u`, and commit the snapshot with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function builtManifest(browser: 'chrome' | 'firefox'): { dist: string; manifest: Json } {
  const dist = resolve('dist', browser);
  const file = join(dist, 'manifest.json');
  if (!existsSync(file)) throw new Error(`No build at ${dist}: run "npm run build" first.`);
  const manifest: Json = JSON.parse(readFileSync(file, 'utf8'));
  return { dist, manifest };
}

/** Every path-like string in the manifest that names a file of the build. */
function filesNamed(value: Json, key = ''): string[] {
  if (typeof value === 'string') return /\.(js|css|html|png|json)$/.test(value) && key !== 'id' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => filesNamed(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => filesNamed(v, k));
  return [];
}

describe.each(['chrome', 'firefox'] as const)('dist/%s/manifest.json', (browser) => {
  it('equals the reviewed snapshot', async () => {
    const { manifest } = builtManifest(browser);
    await expect(`${JSON.stringify(manifest, null, 2)}\n`).toMatchFileSnapshot(
      `__snapshots__/manifest.${browser}.json`,
    );
  });

  it('names only files that the build contains', () => {
    const { dist, manifest } = builtManifest(browser);
    const named = filesNamed(manifest);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((f) => !existsSync(join(dist, f)))).toEqual([]);
  });
});
