/** The registry on this context's own storage, for the extension pages (the background makes and passes its own). */
import browser from 'webextension-polyfill';
import { createLogger } from '../log.ts';
import { ItemStorage } from './item-storage.ts';

let storage: ItemStorage | null = null;

export function extensionStorage(): ItemStorage {
  storage ??= new ItemStorage({ browser, log: createLogger('storage') });
  return storage;
}
