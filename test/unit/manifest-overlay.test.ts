import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeOverlay, sourceManifest } from '../../scripts/manifest.ts';

describe('mergeOverlay', () => {
  it('adds keys, merging objects key by key and arrays of objects item by item', () => {
    const base = {
      name: 'x',
      background: { type: 'module' },
      content_scripts: [{ js: ['a.ts'] }],
      permissions: ['storage'],
    };
    const overlay = {
      background: { scripts: ['b.ts'] },
      content_scripts: [{ all_frames: true }],
      minimum_chrome_version: '116',
    };
    expect(mergeOverlay(base, overlay)).toEqual({
      name: 'x',
      background: { type: 'module', scripts: ['b.ts'] },
      content_scripts: [{ js: ['a.ts'], all_frames: true }],
      permissions: ['storage'],
      minimum_chrome_version: '116',
    });
  });

  it("appends an overlay's strings to a list of strings (a permission only one browser has)", () => {
    expect(mergeOverlay({ permissions: ['storage', 'alarms'] }, { permissions: ['sidePanel'] })).toEqual({
      permissions: ['storage', 'alarms', 'sidePanel'],
    });
  });

  it('refuses to change what the shared manifest says, naming the key', () => {
    expect(() => mergeOverlay({ name: 'x' }, { name: 'y' })).toThrow('name is already set in manifest.json');
    expect(() => mergeOverlay({ permissions: ['storage'] }, { permissions: ['storage'] })).toThrow(
      'permissions already lists "storage" in manifest.json',
    );
    expect(() => mergeOverlay({ permissions: ['storage'] }, { permissions: 'tabs' })).toThrow(
      'permissions is already set',
    );
    expect(() =>
      mergeOverlay(
        { content_scripts: [{ run_at: 'document_idle' }] },
        { content_scripts: [{ run_at: 'document_start' }] },
      ),
    ).toThrow('content_scripts[0].run_at is already set');
    expect(() => mergeOverlay({ content_scripts: [{ js: ['a.ts'] }] }, { content_scripts: [{}, {}] })).toThrow(
      'content_scripts is already set',
    );
  });
});

describe('sourceManifest', () => {
  const pkg: unknown = JSON.parse(readFileSync('package.json', 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;

  it.each(['chrome', 'firefox'] as const)(
    '%s: manifest.json, its overlay and the version of package.json',
    (browser) => {
      const manifest = sourceManifest(browser);
      expect(manifest.version).toBe(version);
      expect(manifest.manifest_version).toBe(3);
    },
  );

  it('gives each browser its own background', () => {
    expect(sourceManifest('chrome').background).toEqual({ type: 'module', service_worker: 'src/background/index.ts' });
    expect(sourceManifest('firefox').background).toEqual({ type: 'module', scripts: ['src/background/index.ts'] });
  });
});
