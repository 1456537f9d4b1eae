/**
 * Caller names in the background (issue 16), wired together: the local sources' indexes (contacts/directory.ts), the
 * iPBX's list (contacts/ipbx-source.ts), the CRM lookup (contacts/crm-lookup.ts) and who is calling per call
 * (caller-resolution.ts), plus what extension pages ask of them (the dial box's suggestions, the options page's
 * status, refresh, removal and test, "Name this number"). Contacts never leave here except to extension pages, and
 * then only the few that match.
 */
import type { Browser } from 'webextension-polyfill';
import { CallerResolution } from './caller-resolution.ts';
import type { CallState } from './call-reducer.ts';
import { callerKey } from './contacts/caller-key.ts';
import { crmLookupUrl } from './contacts/crm-answer.ts';
import { CrmLookup, LookupError, type HttpFetch } from './contacts/crm-lookup.ts';
import { ContactDirectory, isIndexedSource, type IndexedSource } from './contacts/directory.ts';
import { IpbxContactsSource } from './contacts/ipbx-source.ts';
import { activeSources, callerFrom } from './contacts/merge.ts';
import { renameRecent, withUserName } from './contacts/user-names.ts';
import { RequestError } from './requests.ts';
import type { ContactSuggestion, ContactsStatus, LookupTestResult, SourceFailure } from '../shared/contacts-status.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { NumberKeyer, type NumberKey } from '../shared/number-key.ts';
import type { Settings } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS, type RecentCall } from '../shared/storage/items.ts';

export const CONTACTS_ALARM = 'ipbx-contacts';
/** The iPBX's list is fetched again hourly; after (re)connecting only when older than this. */
export const IPBX_REFRESH_MINUTES = 60;
const STALE_AFTER_CONNECT_MS = 5 * 60_000;
/** The screen pop waits this long at most for a name it needs (the CRM lookup's own timeout). */
export const NAME_WAIT_MS = 3_000;
const SUGGESTIONS = 8;

export interface CallerNamesDeps {
  browser: Pick<Browser, 'permissions'>;
  storage: ItemStorage;
  fetch: HttpFetch;
  /** The token the engine authenticates with (pasted, REST or OAuth); rejects when nobody is signed in. */
  token: () => Promise<string>;
  settings: () => Settings;
  log: Logger;
  /** A call's caller changed after it was first named: update its notification and the panels. */
  onChanged: (uniqueId: string) => void;
  now?: () => number;
}

export class CallerNames {
  readonly directory: ContactDirectory;
  readonly resolution: CallerResolution;
  private readonly crm: CrmLookup;
  private readonly ipbx: IpbxContactsSource;
  private keyer: NumberKeyer;
  private lastCrmFailed: boolean | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: CallerNamesDeps) {
    this.now = deps.now ?? Date.now;
    const country = deps.settings().defaultCountry;
    this.keyer = new NumberKeyer(country, 1_000);
    this.directory = new ContactDirectory({ storage: deps.storage, log: deps.log }, country);
    this.crm = new CrmLookup({
      fetch: deps.fetch,
      mayUseCookies: (origin) => deps.browser.permissions.contains({ origins: [`${origin}/*`] }),
      onOutcome: (failure) => this.recordCrm(failure),
      log: deps.log,
      now: this.now,
    });
    this.ipbx = new IpbxContactsSource({ fetch: deps.fetch, token: deps.token, log: deps.log, now: this.now });
    this.resolution = new CallerResolution({
      directory: this.directory,
      crm: this.crm,
      settings: deps.settings,
      keyer: () => this.keyer,
      onChanged: deps.onChanged,
    });
  }

  /** Indexes what IndexedDB holds (the background just started); calls already known are named once that is done. */
  async start(): Promise<void> {
    const country = this.deps.settings().defaultCountry;
    this.keyer = new NumberKeyer(country, 1_000);
    await this.directory.loadAll(country);
    this.resolution.refreshAll();
  }

  track(calls: CallState): void {
    this.resolution.track(calls);
  }

  /** Ended calls with their caller's name, as recent calls keep them. */
  withNames(ended: RecentCall[]): RecentCall[] {
    return ended.map((call) => {
      const name = this.resolution.callerOf(call.uniqueId)?.name;
      return name ? { ...call, name } : call;
    });
  }

  /** New settings in force: another country reads every number anew; another list or lookup is asked anew. */
  onSettings(before: Settings, after: Settings): void {
    const country = after.defaultCountry;
    if (country !== before.defaultCountry) {
      this.keyer = new NumberKeyer(country, 1_000);
      void this.directory.loadAll(country).then(() => this.resolution.refreshAll());
    }
    if (JSON.stringify(before.callerLookup) !== JSON.stringify(after.callerLookup)) this.crm.clear();
    if (
      after.contacts.ipbxUrl !== before.contacts.ipbxUrl ||
      (after.contacts.sources.ipbx && !before.contacts.sources.ipbx)
    )
      void this.refreshIpbx();
    if (JSON.stringify(before.contacts) !== JSON.stringify(after.contacts)) this.resolution.refreshAll();
  }

  /** Connected (signed in, or back after a restart): the iPBX's list, unless it was fetched a moment ago. */
  onConnected(): void {
    const { updatedAt } = this.directory.info('ipbx');
    void this.deps.storage.get(ITEMS.contactSourceStatus).then((status) => {
      const last = Math.max(updatedAt ?? 0, status.ipbx?.error ? 0 : (status.ipbx?.at ?? 0));
      if (this.now() - last > STALE_AFTER_CONNECT_MS) void this.refreshIpbx();
    });
  }

  /** Sign-out: the iPBX's list goes (imported files and the user's names stay). */
  async signedOut(): Promise<void> {
    await this.deps.storage.remove(ITEMS.ipbxContacts);
    await this.directory.use('ipbx', null);
    this.resolution.refreshAll();
  }

  /** Fetches the iPBX's list now (hourly alarm, "Refresh", a new URL); the outcome goes to the options page. */
  async refreshIpbx(): Promise<void> {
    const settings = this.deps.settings();
    if (!settings.contacts.sources.ipbx) return;
    const url = settings.contacts.ipbxUrl;
    const known = this.directory.info('ipbx');
    const outcome = await this.ipbx.refresh(url, settings.defaultCountry, known);
    if (outcome.kind === 'off') return;
    if (outcome.kind === 'updated') {
      try {
        await this.deps.storage.set(ITEMS.ipbxContacts, outcome.stored);
      } catch (e) {
        this.deps.log.error(`could not keep the iPBX contacts: ${errorMessage(e)}`);
      }
      await this.directory.use('ipbx', outcome.stored);
      this.resolution.refreshAll();
    }
    const failure = outcome.kind === 'failed' ? outcome.failure : undefined;
    if (failure) this.deps.log.warn(`iPBX contacts: ${failure.code}${failure.detail ? ` ${failure.detail}` : ''}`);
    await this.setStatus('ipbx', failure ?? null);
  }

  /** Another page changed a source in IndexedDB (an import, a removal): index it again. */
  async reload(source: IndexedSource): Promise<void> {
    await this.directory.load(source);
    this.resolution.refreshAll();
  }

  async removeFile(): Promise<void> {
    await this.deps.storage.remove(ITEMS.fileContacts);
    await this.directory.use('file', null);
    this.resolution.refreshAll();
  }

  async status(): Promise<ContactsStatus> {
    const attempts = await this.deps.storage.get(ITEMS.contactSourceStatus);
    const file = this.directory.info('file');
    const ipbx = this.directory.info('ipbx');
    return {
      file: { count: file.count, ...pick(file, 'updatedAt', 'fileName') },
      ipbx: { count: ipbx.count, ...pick(ipbx, 'updatedAt'), ...(attempts.ipbx ? { lastAttempt: attempts.ipbx } : {}) },
      user: { count: this.directory.info('user').count },
      crm: attempts.crm ? { lastAttempt: attempts.crm } : {},
      building: this.directory.building,
    };
  }

  /** The dial box: the contacts whose name, company or number holds what was typed (the few best only). */
  search(query: string): ContactSuggestion[] {
    const local = activeSources(this.deps.settings()).filter(isIndexedSource);
    return this.directory.search(query, local, SUGGESTIONS).map((hit) => ({
      name: hit.contact.name,
      company: hit.contact.company,
      number: hit.phone.key,
      source: hit.contact.source,
    }));
  }

  /** "Name this number": stored as the user's own name (empty: removed), and written into recent calls. */
  async nameNumber(number: string, name: string): Promise<void> {
    const settings = this.deps.settings();
    const key = callerKey(number, settings.outsideLinePrefix, this.keyer);
    if (key === null) throw new RequestError('errInvalidNumber');
    const stored = withUserName(
      await this.deps.storage.get(ITEMS.userContacts),
      number,
      key,
      name,
      settings.defaultCountry,
      this.now(),
    );
    await this.deps.storage.set(ITEMS.userContacts, stored);
    await this.directory.use('user', stored);
    this.resolution.refreshAll();
    const shown = this.localName(key, settings);
    const keyOf = (n: string) => callerKey(n, settings.outsideLinePrefix, this.keyer);
    await this.deps.storage.update(ITEMS.recentCalls, (list) => renameRecent(list, keyOf, key, shown));
  }

  /** The options page's "Test": asks the CRM about `number` now, never from the cache. */
  async testLookup(number: string): Promise<LookupTestResult> {
    const settings = this.deps.settings();
    const key = callerKey(number, settings.outsideLinePrefix, this.keyer);
    const call = { uniqueId: 'test', from: number, to: '', direction: 'incoming' as const, state: 'ringing' as const };
    const url = crmLookupUrl(
      settings.callerLookup.urlTemplate,
      { ...call, startedAt: this.now() },
      settings.defaultCountry,
      key ?? undefined,
    );
    if (!url) throw new RequestError('crmErrNoUrl');
    try {
      const { matches, withCookies } = await this.crm.ask(url, settings.callerLookup.fields);
      await this.recordCrm(null);
      return { url, matches, withCookies };
    } catch (e) {
      if (!(e instanceof LookupError)) throw e;
      await this.recordCrm(e.failure);
      throw new RequestError(e.failure.code, e.failure.detail);
    }
  }

  /** The name the local sources give a number (the recent calls' name after the user renamed or unnamed it). */
  private localName(key: NumberKey, settings: Settings): string | undefined {
    const order = activeSources(settings).filter(isIndexedSource);
    return callerFrom(order, Object.fromEntries(order.map((s) => [s, this.directory.matches(s, key)])))?.name;
  }

  /** Writes the CRM's outcome only when it changes (a failure, or the first success after one). */
  private async recordCrm(failure: SourceFailure | null): Promise<void> {
    const failed = failure !== null;
    if (!failed && this.lastCrmFailed === false) return;
    this.lastCrmFailed = failed;
    await this.setStatus('crm', failure);
  }

  private async setStatus(source: 'ipbx' | 'crm', failure: SourceFailure | null): Promise<void> {
    const attempt = { at: this.now(), ...(failure ? { error: failure } : {}) };
    await this.deps.storage
      .update(ITEMS.contactSourceStatus, (status) => ({ ...status, [source]: attempt }))
      .catch((e: unknown) => this.deps.log.warn(`could not note the ${source} outcome: ${errorMessage(e)}`));
  }
}

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}
