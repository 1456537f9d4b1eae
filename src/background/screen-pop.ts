/**
 * Screen pop: opens the caller's record (a URL template) in a tab when a call rings or is answered. Once per call,
 * never per tab or per repeated event; only http(s) URLs; every value inserted URL-encoded, as text.
 */
import type { Browser } from 'webextension-polyfill';
import type { CallState } from './call-reducer.ts';
import { isAnonymousNumber, isIncoming, isInternal, remoteNumber, type Call } from '../shared/calls.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { Settings } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import type { CallerInfo } from '../shared/caller.ts';
import { CALLER_PLACEHOLDERS, callValues, expandUrlTemplate, placeholdersIn } from '../shared/url-template.ts';
import { isHttpUrl } from '../shared/urls.ts';
import { PopLimiter } from './screen-pop-limit.ts';

/** Popped calls remembered (a restarted worker must not pop them again): enough to never pop one twice. */
const POPPED_KEPT = 200;
/** Records held back by the rate limit (screen-pop-limit.ts), kept for the panel's "Open record". */
const HELD_KEPT = 50;

/** Pure: the calls that should pop between two states, by the settings. */
export function callsToPop(prev: CallState, next: CallState, settings: Settings): Call[] {
  const sp = settings.screenPop;
  if (!sp.enabled || sp.urlTemplate === '') return [];
  return [...next.calls.values()].filter((c) => {
    const before = prev.calls.get(c.uniqueId);
    // A call set up (NewCall) is not there yet: it reaches "ringing" when it first rings (or is answered).
    const reached =
      sp.when === 'ringing'
        ? c.state !== 'new' && (before === undefined || before.state === 'new')
        : c.state === 'answered' && before?.state !== 'answered';
    if (!reached) return false;
    if (sp.incomingOnly && !isIncoming(c.direction)) return false;
    if (sp.skipInternal && isInternal(c.direction)) return false;
    if (sp.skipAnonymous && isAnonymousNumber(remoteNumber(c))) return false;
    return true;
  });
}

/** Pure: the URL for a call (and its caller, once named), or null when the result is not an http(s) URL. */
export function screenPopUrl(template: string, call: Call, defaultCountry: string, caller?: CallerInfo): string | null {
  const values = { ...callValues(call, defaultCountry), name: caller?.name ?? '', recordUrl: caller?.recordUrl ?? '' };
  return expandUrlTemplate(template, values);
}

/** Waits (a few seconds at most) for who is calling; only for a template that names {name} or {recordUrl}. */
export type CallerWait = (call: Call) => Promise<CallerInfo | undefined>;

export class ScreenPop {
  /** One pop at a time: two quick events for the same call must not both open a tab. */
  private chain: Promise<void> = Promise.resolve();
  private readonly limiter = new PopLimiter();

  constructor(
    private readonly browser: Browser,
    private readonly storage: ItemStorage,
    private readonly log: Logger,
    private readonly opts: { callerOf?: CallerWait; now?: () => number } = {},
  ) {}

  /** The panel's "Open record" on a call whose pop was held back: a user's click, so no limit. */
  async openHeld(uniqueId: string): Promise<void> {
    const held = await this.storage.get(ITEMS.screenPopHeld);
    const url = held[uniqueId];
    if (url === undefined || !isHttpUrl(url)) return;
    await this.browser.tabs.create({ url, active: true });
    const { [uniqueId]: _opened, ...rest } = held;
    await this.storage.set(ITEMS.screenPopHeld, rest);
  }

  apply(prev: CallState, next: CallState, settings: Settings): Promise<void> {
    const calls = callsToPop(prev, next, settings);
    if (calls.length === 0) return this.chain;
    this.chain = this.chain
      .then(() => this.pop(calls, settings))
      .catch((e: unknown) => this.log.warn(`screen pop failed: ${errorMessage(e)}`));
    return this.chain;
  }

  private async pop(calls: Call[], settings: Settings): Promise<void> {
    const [popped, tabs, held] = await Promise.all([
      this.storage.get(ITEMS.screenPopped).then((ids) => new Set(ids)),
      this.storage.get(ITEMS.screenPopTabs),
      this.storage.get(ITEMS.screenPopHeld),
    ]);
    let heldMore = false;
    for (const call of calls) {
      if (popped.has(call.uniqueId)) continue;
      popped.add(call.uniqueId);
      const template = settings.screenPop.urlTemplate;
      const named = placeholdersIn(template).some((p) => (CALLER_PLACEHOLDERS as readonly string[]).includes(p));
      const url = screenPopUrl(
        template,
        call,
        settings.defaultCountry,
        named ? await this.opts.callerOf?.(call) : undefined,
      );
      if (!url) {
        this.log.warn('screen pop skipped: the template does not make an http(s) URL');
        continue;
      }
      if (!this.limiter.take((this.opts.now ?? Date.now)())) {
        held[call.uniqueId] = url;
        heldMore = true;
        continue;
      }
      tabs[url] = await this.open(url, settings.screenPop.reuseTab ? tabs[url] : undefined);
    }
    if (heldMore) this.log.warn('screen pop held back: too many calls too fast; the panel offers "Open record"');
    await Promise.all([
      this.storage.set(ITEMS.screenPopped, [...popped].slice(-POPPED_KEPT)),
      this.storage.set(ITEMS.screenPopTabs, tabs),
      heldMore
        ? this.storage.set(ITEMS.screenPopHeld, Object.fromEntries(Object.entries(held).slice(-HELD_KEPT)))
        : null,
    ]);
  }

  /** Focuses and updates the tab we opened for this URL before, or opens a new one. */
  private async open(url: string, tabId: number | undefined): Promise<number> {
    if (tabId !== undefined) {
      const reused = await this.browser.tabs.update(tabId, { url, active: true }).catch(() => null);
      if (reused?.id !== undefined) {
        if (reused.windowId !== undefined)
          await this.browser.windows.update(reused.windowId, { focused: true }).catch(() => undefined);
        return reused.id;
      }
    }
    const tab = await this.browser.tabs.create({ url, active: true });
    return tab.id ?? -1;
  }
}
