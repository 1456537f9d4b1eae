/**
 * The items of items.ts, bound to a context's storage: typed get, set, update, remove and watch. Invalid stored data
 * reads as the item's default (or, for settings, the field's default), and the reason is logged; a failing storage
 * API still rejects, so that nobody writes defaults over data they could not read.
 */
import type { Browser } from 'webextension-polyfill';
import type { Logger } from '../log.ts';
import { browserArea, type Area, type AreaAdapter } from './areas.ts';
import { decodeItem, itemName, type ItemDefinition, type WritableItem } from './define-item.ts';
import { indexedDbArea } from './indexeddb-area.ts';

export interface ItemStorageDeps {
  browser: Pick<Browser, 'storage'>;
  log: Logger;
}

export class ItemStorage {
  private readonly areas = new Map<string, AreaAdapter>();
  /** The last update of each item, so that the next one starts after it. */
  private readonly updates = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ItemStorageDeps) {}

  /** The stored value, or the default where nothing valid is stored. */
  async get<T>(item: ItemDefinition<T>): Promise<T> {
    return this.read(item, await this.area(item.area).get(item.key));
  }

  /** Whether anything is stored under the item's key, valid or not. */
  async has(item: ItemDefinition<unknown>): Promise<boolean> {
    const raw = await this.area(item.area).get(item.key);
    return raw !== undefined && raw !== null;
  }

  set<T>(item: WritableItem<T>, value: NoInfer<T>): Promise<void> {
    return this.area(item.area).set(item.key, value);
  }

  remove(item: WritableItem<unknown>): Promise<void> {
    return this.area(item.area).remove(item.key);
  }

  /** Reads, changes and writes the item; updates of one item in this context run one after another, none is lost. */
  update<T>(item: WritableItem<T>, change: (current: T) => NoInfer<T>): Promise<T> {
    const id = `${this.areaId(item.area)}:${item.key}`;
    const next = (this.updates.get(id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const value = change(await this.get(item));
        await this.set(item, value);
        return value;
      });
    this.updates.set(id, next);
    return next;
  }

  /** Calls `fn` with the new value whenever the item changes (the default when it is removed). */
  watch<T>(item: ItemDefinition<T>, fn: (value: T) => void): () => void {
    return this.area(item.area).watch(item.key, (raw) => fn(this.read(item, raw)));
  }

  /** Reads a raw stored value as the item does (migrations, schema, default), logging what it had to drop. */
  private read<T>(item: ItemDefinition<T>, raw: unknown): T {
    const { value, reasons } = decodeItem(item, raw);
    if (reasons.length > 0)
      this.deps.log.warn(`stored ${itemName(item)} is partly invalid, defaults used: ${reasons.join('; ')}`);
    return value;
  }

  private areaId(area: Area): string {
    return typeof area === 'string' ? area : `indexedDb:${area.database}/${area.store}`;
  }

  private area(area: Area): AreaAdapter {
    const id = this.areaId(area);
    let adapter = this.areas.get(id);
    if (!adapter) {
      adapter = typeof area === 'string' ? browserArea(this.deps.browser, area) : indexedDbArea(area);
      this.areas.set(id, adapter);
    }
    return adapter;
  }
}
