import { describe, expect, it } from 'vitest';
import { dropStorageAccess } from '../../src/content/drop-storage.ts';

/** An extension API object as the browsers build it: `storage` is a configurable, lazily made property. */
function api() {
  const o = { runtime: { id: 'x' } } as Record<string, unknown>;
  Object.defineProperty(o, 'storage', { get: () => ({ local: {} }), configurable: true, enumerable: true });
  return o;
}

describe('dropStorageAccess', () => {
  it('removes storage from both namespaces and leaves the rest', () => {
    const scope = { browser: api(), chrome: api() };
    dropStorageAccess(scope);
    expect(scope.browser.storage).toBeUndefined();
    expect(scope.chrome.storage).toBeUndefined();
    expect('storage' in scope.browser).toBe(false);
    expect(scope.browser.runtime).toEqual({ id: 'x' });
  });

  it('works when both names are one object (Firefox) or one is missing (Chrome before 148)', () => {
    const shared = api();
    const firefox = { browser: shared, chrome: shared };
    dropStorageAccess(firefox);
    expect(shared.storage).toBeUndefined();
    const oldChrome = { chrome: api() };
    dropStorageAccess(oldChrome);
    expect(oldChrome.chrome.storage).toBeUndefined();
  });

  it('does not throw when the property cannot be deleted', () => {
    const locked = { runtime: {} } as Record<string, unknown>;
    Object.defineProperty(locked, 'storage', { value: {}, configurable: false });
    expect(() => dropStorageAccess({ browser: locked })).not.toThrow();
    expect(() => dropStorageAccess({})).not.toThrow();
  });
});
