/**
 * The manifest for one browser: `manifest.json` (what Chrome and Firefox share) merged with `manifest.<browser>.json`
 * (what only that browser has), and the version from package.json. vite.config.ts hands the result to crxjs, which
 * rewrites the source paths to built files.
 *
 * An overlay only adds: objects merge key by key, an array of objects merges item by item (content_scripts), an array
 * of strings gets the overlay's new strings appended (permissions), and an overlay that would change or repeat a value
 * of manifest.json is an error. So manifest.json stays exactly what both share.
 *
 * Why the manifest holds what it holds (JSON has no comments):
 * - permissions: storage (settings, call state), alarms (the connection watchdog), notifications (ringing calls),
 *   contextMenus ("Call <selection>"), activeTab (the popup's per-site switch reads the tab it was opened on).
 * - content_scripts: one small self-contained script per frame (`*.iife.ts`, built without crxjs's loader), the probe,
 *   and a stylesheet for the marks that page CSP cannot block.
 * - web_accessible_resources: the page side (scripts/page-side-plugin.ts), which the probe imports where a frame has
 *   something to link; Chrome serves it at a per-session URL only (use_dynamic_url), so pages cannot probe for it.
 * - content_security_policy: explicit, so Firefox does not add upgrade-insecure-requests (ws:// would become wss://).
 * - Chrome: a service worker, WebSocket traffic keeps it alive from Chrome 116; managed_schema for admin policy;
 *   match_origin_as_fallback reaches about:blank/srcdoc/blob frames of any origin; the side panel (sidePanel, whose
 *   page is the call panel with `?view=side`).
 * - Firefox: an event page (background.scripts), the add-on id and the data-collection declaration; the sidebar
 *   (sidebar_action, the same page, not opened by itself at install).
 */
import { readFileSync } from 'node:fs';
import type { ManifestV3Export } from '@crxjs/vite-plugin';

export type TargetBrowser = 'chrome' | 'firefox';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
/** What crxjs takes as a manifest object (its type is not exported by name). */
type CrxManifest = Exclude<ManifestV3Export, Promise<unknown> | ((...args: never[]) => unknown)>;

const root = new URL('../', import.meta.url);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: Json | undefined): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function readJson(file: string): JsonObject {
  const text = readFileSync(new URL(file, root), 'utf8');
  let value: Json;
  try {
    value = JSON.parse(text); // any, but only ever a JSON value
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(value)) throw new Error(`${file} must hold one JSON object`);
  return value;
}

/** manifest.json plus an overlay; throws, naming the key, when the overlay would change what manifest.json says. */
export function mergeOverlay(base: JsonObject, overlay: JsonObject, path = ''): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const at = path ? `${path}.${key}` : key;
    const shared = base[key];
    if (shared === undefined) out[key] = value;
    else if (isObject(shared) && isObject(value)) out[key] = mergeOverlay(shared, value, at);
    else if (Array.isArray(shared) && Array.isArray(value) && shared.length === value.length && value.every(isObject)) {
      out[key] = shared.map((item, i) => {
        const extra = value[i];
        if (!isObject(item) || !isObject(extra))
          throw new Error(`manifest overlay: ${at}[${i}] is not an object in both`);
        return mergeOverlay(item, extra, `${at}[${i}]`);
      });
    } else if (isStringList(shared) && isStringList(value) && value.length > 0) {
      const repeated = value.find((item) => shared.includes(item));
      if (repeated !== undefined)
        throw new Error(`manifest overlay: ${at} already lists "${repeated}" in manifest.json`);
      out[key] = [...shared, ...value];
    } else {
      throw new Error(`manifest overlay: ${at} is already set in manifest.json; an overlay may only add keys`);
    }
  }
  return out;
}

function hasManifestBasics(m: JsonObject): m is JsonObject & CrxManifest {
  return m.manifest_version === 3 && typeof m.name === 'string' && typeof m.version === 'string';
}

/** The source manifest of one browser, before crxjs turns its .ts and .html paths into built files. */
export function sourceManifest(browser: TargetBrowser): JsonObject {
  const shared = readJson('manifest.json');
  if ('version' in shared) throw new Error('manifest.json must not set "version": it comes from package.json');
  const { version } = readJson('package.json');
  if (typeof version !== 'string') throw new Error('package.json has no "version"');
  const entries = Object.entries(shared);
  entries.splice(entries.findIndex(([key]) => key === 'description') + 1, 0, ['version', version]); // the usual place
  return mergeOverlay(Object.fromEntries(entries), readJson(`manifest.${browser}.json`));
}

/** The manifest object crxjs builds for one browser. */
export function manifestFor(browser: TargetBrowser): CrxManifest {
  const manifest = sourceManifest(browser);
  if (!hasManifestBasics(manifest)) throw new Error('manifest.json needs manifest_version 3 and a name');
  return manifest;
}
