/**
 * A stored item: where it lives (area and key), how it is read (its schema, whose fallback is the default) and how
 * older stored forms become the current one (versioned migrations). Declared once, in items.ts.
 */
import type { Area } from './areas.ts';
import { copyOf, type Decoder } from './decoders.ts';

/** The versions of an item whose value carries its own version (for example the `version` field of settings). */
export interface Versioning {
  readonly current: number;
  /** The version of a stored value (anything without one is the oldest, 0). */
  of(raw: unknown): number;
  /** `steps[n]` turns a value of version n - 1 into version n; each receives the raw stored data. */
  readonly steps: Readonly<Record<number, (older: unknown) => unknown>>;
}

export interface ItemDefinition<T, A extends Area = Area, K extends string | null = string | null> {
  readonly area: A;
  /** Its key in the area; null: the whole area as one object (storage.managed, where each policy is a key). */
  readonly key: K;
  readonly schema: Decoder<T>;
  readonly version?: Versioning | undefined;
}

/** An item this extension writes (storage.managed is the administrator's, read-only). */
export type WritableItem<T> = ItemDefinition<T, Exclude<Area, 'managed'>, string>;

export function defineItem<T, A extends Area, K extends string | null>(
  item: ItemDefinition<T, A, K>,
): ItemDefinition<T, A, K> {
  return Object.freeze(item);
}

/** The name of an item in reasons and logs. */
export function itemName(item: ItemDefinition<unknown>): string {
  if (item.key !== null) return item.key;
  return typeof item.area === 'string' ? item.area : item.area.database;
}

function migrate(version: Versioning, raw: unknown, name: string, reasons: string[]): { ok: boolean; data: unknown } {
  let data = raw;
  for (let n = version.of(raw); n < version.current; n++) {
    const step = version.steps[n + 1];
    if (!step) {
      reasons.push(`${name}: no migration from version ${n}`);
      return { ok: false, data };
    }
    try {
      data = step(data);
    } catch (e) {
      reasons.push(`${name}: migration to version ${n + 1} failed (${e instanceof Error ? e.name : 'error'})`);
      return { ok: false, data };
    }
  }
  return { ok: true, data };
}

/**
 * Reads what is stored: nothing (undefined, or null as some browsers report a removal) is the default without a
 * word; an older version is migrated; then the schema keeps what is valid and says why it dropped the rest.
 */
export function decodeItem<T>(item: ItemDefinition<T>, raw: unknown): { value: T; reasons: string[] } {
  const reasons: string[] = [];
  if (raw === undefined || raw === null) return { value: copyOf(item.schema.fallback), reasons };
  const name = itemName(item);
  const migrated = item.version ? migrate(item.version, raw, name, reasons) : { ok: true, data: raw };
  if (!migrated.ok) return { value: copyOf(item.schema.fallback), reasons };
  return { value: item.schema.decode(migrated.data, name, reasons), reasons };
}
