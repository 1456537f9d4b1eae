/**
 * The content script never uses storage, and storage.local holds the settings, a pasted token among them (the
 * settings contract). Chrome can keep that area from content scripts (the background sets TRUSTED_CONTEXTS); Firefox
 * cannot. So the content script gives up its storage API before anything else runs in its world: no code that runs
 * there later, say a bug of ours a page found a way to exploit, can read a token. Checked in both browsers: the API
 * is a configurable property of the `browser`/`chrome` object (one object in Firefox), and once deleted it is gone
 * for that world.
 */
export function dropStorageAccess(scope: object = globalThis): void {
  for (const name of ['browser', 'chrome'] as const) {
    const api = (scope as Record<string, unknown>)[name];
    if (typeof api !== 'object' || api === null) continue;
    try {
      delete (api as { storage?: unknown }).storage;
    } catch {
      // Not configurable in this browser: the background's access level is then the only guard, as before.
    }
  }
}
