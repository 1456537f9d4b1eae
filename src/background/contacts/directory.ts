/**
 * The locally kept sources of names (the user's own names, the iPBX's list, the imported file), each in its own
 * index, so a refresh of one never rebuilds the others and a new priority order needs no rebuild at all. Each index
 * is built in time slices from what IndexedDB holds; while a source is rebuilt, its previous index keeps answering.
 * The contacts themselves are not kept once indexed (the index is the compact form).
 */
import type { ContactIndex, SearchHit } from './contact-index.ts';
import { buildContactIndex } from './contact-index-build.ts';
import { keysFor } from '../../shared/contact-keys.ts';
import type { ContactSource } from '../../shared/contact-record.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';
import type { NumberKey } from '../../shared/number-key.ts';
import type { ItemStorage } from '../../shared/storage/item-storage.ts';
import type { StoredContacts } from '../../shared/storage/contacts-items.ts';
import { ITEMS } from '../../shared/storage/items.ts';
import type { SliceOptions } from '../../shared/time-slices.ts';
import type { NamedMatch } from './merge.ts';

export const INDEXED_SOURCES = ['user', 'ipbx', 'file'] as const;
export type IndexedSource = (typeof INDEXED_SOURCES)[number];

export const SOURCE_ITEMS = {
  user: ITEMS.userContacts,
  ipbx: ITEMS.ipbxContacts,
  file: ITEMS.fileContacts,
} as const;

export function isIndexedSource(source: ContactSource): source is IndexedSource {
  return (INDEXED_SOURCES as readonly string[]).includes(source);
}

/** What is known of a source besides its index: for the options page and the iPBX list's ETag. */
export interface SourceInfo {
  count: number;
  updatedAt?: number;
  fileName?: string;
  url?: string;
  etag?: string;
}

export class ContactDirectory {
  private readonly indexes = new Map<IndexedSource, ContactIndex>();
  private readonly infos = new Map<IndexedSource, SourceInfo>();
  /** The build under way per source; a newer one makes an older one's result stale. */
  private readonly builds = new Map<IndexedSource, Promise<void>>();
  private readonly generation = new Map<IndexedSource, number>();

  constructor(
    private readonly deps: { storage: ItemStorage; log: Logger; slices?: SliceOptions },
    private country: string,
  ) {}

  get defaultCountry(): string {
    return this.country;
  }

  /** Reads every source from IndexedDB and indexes it (after the background starts, or a new default country). */
  loadAll(country: string): Promise<void> {
    this.country = country;
    return Promise.all(INDEXED_SOURCES.map((s) => this.load(s))).then(() => undefined);
  }

  /** Reads one source again from IndexedDB (another page changed it: an import, a removal). */
  async load(source: IndexedSource): Promise<void> {
    let stored: StoredContacts | null;
    try {
      stored = await this.deps.storage.get(SOURCE_ITEMS[source]);
    } catch (e) {
      this.deps.log.error(`could not read the ${source} contacts: ${errorMessage(e)}`);
      return;
    }
    await this.use(source, stored);
  }

  /** Indexes contacts the background has in hand (a fetched list, the user's names), or none (removed). */
  use(source: IndexedSource, stored: StoredContacts | null): Promise<void> {
    const generation = (this.generation.get(source) ?? 0) + 1;
    this.generation.set(source, generation);
    const build = (async () => {
      if (!stored || stored.contacts.length === 0) {
        this.indexes.delete(source);
        this.infos.set(source, stored ? infoOf(stored, 0) : { count: 0 });
        return;
      }
      keysFor(stored.contacts, stored.country, this.country);
      const index = await buildContactIndex(
        { [source]: stored.contacts },
        {
          defaultCountry: this.country,
          ...this.deps.slices,
        },
      );
      if (this.generation.get(source) !== generation) return; // a newer build replaced this one
      this.indexes.set(source, index);
      this.infos.set(source, infoOf(stored, index.size));
    })()
      .catch((e: unknown) => this.deps.log.error(`could not index the ${source} contacts: ${errorMessage(e)}`))
      .finally(() => {
        if (this.builds.get(source) === build) this.builds.delete(source);
      });
    this.builds.set(source, build);
    return build;
  }

  info(source: IndexedSource): SourceInfo {
    return this.infos.get(source) ?? { count: 0 };
  }

  /** Sources whose index is being built. */
  get building(): IndexedSource[] {
    return [...this.builds.keys()];
  }

  /** Resolves when no build is under way (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.builds.size > 0) await Promise.all(this.builds.values());
  }

  /** The contacts of one source with this number, in the source's own order. */
  matches(source: IndexedSource, key: NumberKey): NamedMatch[] {
    const found = this.indexes.get(source)?.lookupKey(key);
    if (!found) return [];
    return [found.first, ...found.others].map((c) => ({
      name: c.name,
      company: c.company,
      source,
      ...(c.url ? { url: c.url } : {}),
    }));
  }

  /**
   * The dial box's suggestions from the given sources (in priority order): best rank first, then by priority; one
   * suggestion per name and number.
   */
  search(query: string, sources: readonly IndexedSource[], limit: number): SearchHit[] {
    const hits = sources.flatMap((source, priority) =>
      (this.indexes.get(source)?.search(query, limit) ?? []).map((hit) => ({ hit, priority })),
    );
    hits.sort((a, b) => a.hit.rank - b.hit.rank || a.priority - b.priority);
    const seen = new Set<string>();
    const out: SearchHit[] = [];
    for (const { hit } of hits) {
      const id = `${hit.contact.name}\n${hit.phone.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(hit);
      if (out.length >= limit) break;
    }
    return out;
  }
}

function infoOf(stored: StoredContacts, count: number): SourceInfo {
  return {
    count,
    updatedAt: stored.updatedAt,
    ...(stored.fileName === undefined ? {} : { fileName: stored.fileName }),
    ...(stored.url === undefined ? {} : { url: stored.url }),
    ...(stored.etag === undefined ? {} : { etag: stored.etag }),
  };
}
