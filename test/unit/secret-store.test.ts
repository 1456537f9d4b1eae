import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { indexedDbSecretStore } from '../../src/background/secret-store.ts';

describe('secret store', () => {
  const make = () => indexedDbSecretStore(new IDBFactory());

  it('keeps, replaces and deletes a value', async () => {
    const store = make();
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', { accessToken: 'a', expiresAt: 1 });
    expect(await store.get('k')).toEqual({ accessToken: 'a', expiresAt: 1 });
    await store.set('k', { accessToken: 'b', expiresAt: 2 });
    expect(await store.get('k')).toEqual({ accessToken: 'b', expiresAt: 2 });
    await store.set('k', undefined);
    expect(await store.get('k')).toBeUndefined();
  });

  it('hands out copies: changing what was read or written does not change what is kept', async () => {
    const store = make();
    const value = { accessToken: 'a' };
    await store.set('k', value);
    value.accessToken = 'changed';
    const read = (await store.get('k')) as { accessToken: string };
    read.accessToken = 'changed too';
    expect(await store.get('k')).toEqual({ accessToken: 'a' });
  });
});

describe('IndexedDB secret store', () => {
  it('outlives the store object: a restarted worker opens the same database', async () => {
    const factory = new IDBFactory();
    await indexedDbSecretStore(factory).set('restTokens', { refreshToken: 'r' });
    expect(await indexedDbSecretStore(factory).get('restTokens')).toEqual({ refreshToken: 'r' });
  });

  it('rejects with the error when the database cannot be opened, and tries again on the next call', async () => {
    let fail = true;
    const real = new IDBFactory();
    const flaky = {
      open: (name: string, version?: number) => {
        if (fail) throw new Error('disk full');
        return real.open(name, version);
      },
    } as unknown as IDBFactory;
    const store = indexedDbSecretStore(flaky);
    await expect(store.get('k')).rejects.toThrow('disk full');
    fail = false;
    await store.set('k', 1);
    expect(await store.get('k')).toBe(1);
  });
});
