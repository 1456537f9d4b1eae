/**
 * The registry bound to storage (src/shared/storage/item-storage.ts, areas.ts, indexeddb-area.ts): every area with
 * the fake browser and fake-indexeddb, logged reasons, watching, serialized updates.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import browser from 'webextension-polyfill';
import type { Logger } from '../../src/shared/log.ts';
import { DEFAULT_SETTINGS, migrateSettings, type Settings } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';
import { ITEMS, type StoredTokens } from '../../src/shared/storage/items.ts';

let log: Logger & { warn: Mock<(m: string) => void> };
let storage: ItemStorage;

const TOKENS: StoredTokens = {
  restUrl: 'https://pbx/api',
  accessToken: 'access-secret',
  refreshToken: 'refresh-secret',
  issuedAt: 1,
  expiresAt: 2,
};

beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn<(m: string) => void>(), error: vi.fn() };
  storage = new ItemStorage({ browser, log });
});

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('storage.local and storage.session', () => {
  it('reads the default when nothing is stored, and what was set', async () => {
    expect(await storage.get(ITEMS.settings)).toEqual(DEFAULT_SETTINGS);
    expect(await storage.has(ITEMS.settings)).toBe(false);
    const mine = migrateSettings({ pbxUrl: 'wss://pbx/ws' });
    await storage.set(ITEMS.settings, mine);
    expect(await storage.has(ITEMS.settings)).toBe(true);
    expect(await storage.get(ITEMS.settings)).toEqual(mine);
    // The contract: the very object, under its key, in storage.local.
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(mine);

    await storage.set(ITEMS.panelWindowId, 7);
    expect((await fakeBrowser.storage.session.get('panelWindowId')).panelWindowId).toBe(7);
    await storage.remove(ITEMS.panelWindowId);
    expect(await storage.get(ITEMS.panelWindowId)).toBeNull();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('invalid data reads as the default, and the reason is logged without the value', async () => {
    await fakeBrowser.storage.session.set({ screenPopTabs: { 'https://crm/1': 'tab-secret' } });
    expect(await storage.get(ITEMS.screenPopTabs)).toEqual({});
    expect(log.warn).toHaveBeenCalledWith(
      'stored screenPopTabs is partly invalid, defaults used: screenPopTabs.https://crm/1: expected number',
    );
    expect(log.warn.mock.calls.join()).not.toContain('tab-secret');
  });

  it('a failing storage API rejects: nobody must write defaults over what they could not read', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('disk gone'));
    await expect(storage.get(ITEMS.settings)).rejects.toThrow('disk gone');
  });

  it('update: reads, changes and writes; concurrent updates of one item all land', async () => {
    const call = (uniqueId: string) => ({
      uniqueId,
      direction: 'incoming' as const,
      number: '1',
      startedAt: 0,
      endedAt: 1,
      answered: false,
      durationMs: 0,
    });
    await Promise.all(['a', 'b', 'c'].map((id) => storage.update(ITEMS.recentCalls, (list) => [call(id), ...list])));
    expect((await storage.get(ITEMS.recentCalls)).map((c) => c.uniqueId)).toEqual(['c', 'b', 'a']);
    // One that fails does not stop the next.
    await expect(
      storage.update(ITEMS.recentCalls, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await storage.update(ITEMS.recentCalls, (list) => list.slice(1))).toHaveLength(2);
  });
});

describe('watch', () => {
  it('gets the new value, read like get, and the default on removal; stops when asked', async () => {
    const seen: Settings[] = [];
    const stop = storage.watch(ITEMS.settings, (s) => seen.push(s));
    await fakeBrowser.storage.local.set({ settings: { pbxUrl: ' wss://a/ws ', identityType: 7 } });
    await fakeBrowser.storage.local.set({ recentCalls: [] });
    await fakeBrowser.storage.local.remove('settings');
    stop();
    await fakeBrowser.storage.local.set({ settings: { pbxUrl: 'wss://later/ws' } });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, pbxUrl: 'wss://a/ws' }, DEFAULT_SETTINGS]);
    expect(log.warn).toHaveBeenCalledWith(
      'stored settings is partly invalid, defaults used: settings.identityType: expected string',
    );
  });

  it("listens to the area's own event, never storage.onChanged (which also brings every call-state write)", async () => {
    const stops = [
      storage.watch(ITEMS.settings, () => undefined),
      storage.watch(ITEMS.recentCalls, () => undefined),
      storage.watch(ITEMS.policy, () => undefined),
    ];
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(false);
    expect(fakeBrowser.storage.local.onChanged.hasListeners()).toBe(true);
    expect(fakeBrowser.storage.managed.onChanged.hasListeners()).toBe(true);
    expect(fakeBrowser.storage.session.onChanged.hasListeners()).toBe(false);
    for (const stop of stops) stop();
    expect(fakeBrowser.storage.local.onChanged.hasListeners()).toBe(false);
  });

  it('session items are watched in storage.session', async () => {
    const seen: (number | null)[] = [];
    storage.watch(ITEMS.panelWindowId, (id) => seen.push(id));
    await storage.set(ITEMS.panelWindowId, 3);
    expect(seen).toEqual([3]);
  });
});

describe('storage.managed (the policy)', () => {
  it('is the whole area, read-only; empty where the browser throws for want of a policy (Firefox)', async () => {
    expect(await storage.get(ITEMS.policy)).toEqual({});
    await fakeBrowser.storage.managed.set({ pbxUrl: 'wss://policy/ws', defaultCountry: 'SK' });
    expect(await storage.get(ITEMS.policy)).toEqual({ pbxUrl: 'wss://policy/ws', defaultCountry: 'SK' });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('Managed storage manifest not found'));
    expect(await storage.get(ITEMS.policy)).toEqual({});
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('watch reads the whole policy again on any change', async () => {
    await fakeBrowser.storage.managed.set({ pbxUrl: 'wss://policy/ws' });
    const seen: Record<string, unknown>[] = [];
    storage.watch(ITEMS.policy, (p) => seen.push(p));
    await fakeBrowser.storage.managed.set({ defaultCountry: 'SK' });
    await tick();
    expect(seen).toEqual([{ pbxUrl: 'wss://policy/ws', defaultCountry: 'SK' }]);
  });
});

describe('IndexedDB (the REST tokens, database ipbx-secrets)', () => {
  it('keeps, replaces and deletes the tokens', async () => {
    expect(await storage.get(ITEMS.restTokens)).toBeNull();
    await storage.set(ITEMS.restTokens, TOKENS);
    expect(await storage.get(ITEMS.restTokens)).toEqual(TOKENS);
    await storage.set(ITEMS.restTokens, { ...TOKENS, accessToken: 'b' });
    expect((await storage.get(ITEMS.restTokens))?.accessToken).toBe('b');
    await storage.remove(ITEMS.restTokens);
    expect(await storage.has(ITEMS.restTokens)).toBe(false);
    // Never in storage.local, which Firefox lets content scripts read.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('hands out copies: changing what was read or written does not change what is kept', async () => {
    const tokens = { ...TOKENS };
    await storage.set(ITEMS.restTokens, tokens);
    tokens.accessToken = 'changed';
    const read = await storage.get(ITEMS.restTokens);
    if (read) read.accessToken = 'changed too';
    expect(await storage.get(ITEMS.restTokens)).toEqual(TOKENS);
  });

  it('outlives the storage object: a restarted worker finds what an earlier one kept', async () => {
    await storage.set(ITEMS.restTokens, TOKENS);
    expect(await new ItemStorage({ browser, log }).get(ITEMS.restTokens)).toEqual(TOKENS);
  });

  it('reads tokens an earlier build wrote with raw IndexedDB requests (same database, store and key)', async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ipbx-secrets', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('secrets');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('secrets', 'readwrite');
        tx.objectStore('secrets').put(TOKENS, 'restTokens');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    });
    expect(await storage.get(ITEMS.restTokens)).toEqual(TOKENS);
  });

  it('invalid tokens read as none, with the reason logged and no secret in it', async () => {
    await storage.set(ITEMS.restTokens, TOKENS);
    const raw = new ItemStorage({ browser, log });
    // What a damaged entry looks like: written behind the schema's back.
    await raw.set(ITEMS.restTokens, { ...TOKENS, expiresAt: 'soon' as unknown as number });
    expect(await storage.get(ITEMS.restTokens)).toBeNull();
    expect(log.warn).toHaveBeenCalledWith(
      'stored restTokens is partly invalid, defaults used: restTokens.expiresAt: expected number',
    );
    expect(log.warn.mock.calls.join()).not.toMatch(/secret|soon/);
  });

  it('watch sees the writes made through the same storage object', async () => {
    const seen: (StoredTokens | null)[] = [];
    storage.watch(ITEMS.restTokens, (t) => seen.push(t));
    await storage.set(ITEMS.restTokens, TOKENS);
    await storage.remove(ITEMS.restTokens);
    expect(seen).toEqual([TOKENS, null]);
  });

  it('rejects with the error when the database cannot be opened, and tries again on the next call', async () => {
    const real = new IDBFactory();
    let fail = true;
    globalThis.indexedDB = {
      open: (name: string, version?: number) => {
        if (fail) throw new Error('disk full');
        return real.open(name, version);
      },
      deleteDatabase: (name: string) => real.deleteDatabase(name),
      cmp: (a: unknown, b: unknown) => real.cmp(a, b),
      databases: () => real.databases(),
    };
    await expect(storage.get(ITEMS.restTokens)).rejects.toThrow('disk full');
    fail = false;
    await storage.set(ITEMS.restTokens, TOKENS);
    expect(await storage.get(ITEMS.restTokens)).toEqual(TOKENS);
  });
});
