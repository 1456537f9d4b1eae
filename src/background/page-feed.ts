/**
 * The page feed (docs/page-feed.md): the current calls for pages of the origins the user (or the administrator)
 * listed in `pageFeed.origins`, and for no other page.
 *
 * The background decides everything; the content script only posts what it is given (content/page-feed.ts):
 * - a frame joins when its content script first asks for its page config (every frame does on load): the browser
 *   tells us the frame's origin (the sender), and only a frame whose own origin is listed joins and gets the calls;
 * - each change of the calls goes to the frames that joined, by tab, frame and (Chrome) document, each with the
 *   origin it joined with: the content script posts to that origin only, so a frame that navigated elsewhere
 *   since receives nothing (postMessage drops a message for another origin);
 * - a caller's name goes only to the origin of the CRM lookup that named the caller: contacts never reach pages.
 * Nothing comes back from a page: the feed is one-way, and no message a page posts reaches the extension.
 */
import type { Browser, Runtime, Tabs } from 'webextension-polyfill';
import type { CallerInfo } from '../shared/caller.ts';
import type { Call } from '../shared/calls.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { Snapshot, TabMessage } from '../shared/messages.ts';
import { isFeedOrigin, type FeedCall } from '../shared/page-feed.ts';
import type { Settings } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS, type FeedFrame } from '../shared/storage/items.ts';

/** Frames fed at most; past that the one that joined first leaves (a tab storm must not grow us without end). */
export const MAX_FEED_FRAMES = 200;

/** Pure: the calls as a page of `origin` sees them (only calls that ring or were answered). */
export function feedCalls(
  calls: readonly Call[],
  callers: Readonly<Record<string, CallerInfo>> | undefined,
  origin: string,
): FeedCall[] {
  return calls.flatMap((c): FeedCall[] => {
    if (c.state === 'new') return [];
    const caller = callers !== undefined && Object.hasOwn(callers, c.uniqueId) ? callers[c.uniqueId] : undefined;
    return [
      {
        uniqueId: c.uniqueId,
        from: c.from,
        to: c.to,
        direction: c.direction,
        state: c.state,
        line: c.line ?? null,
        queue: c.queue ?? null,
        name: caller?.source === 'crm' && caller.origin === origin ? caller.name : null,
        startedAt: c.startedAt,
      },
    ];
  });
}

/** Did the listed origins change? Pages already open then ask again (their config), and those now listed join. */
export function feedOriginsChanged(a: Settings, b: Settings): boolean {
  return a.pageFeed.origins.join('\n') !== b.pageFeed.origins.join('\n');
}

/** The listed origins in force, the invalid ones left out (the options page refuses them; a policy might not). */
export function listedOrigins(settings: Settings): Set<string> {
  return new Set(settings.pageFeed.origins.filter(isFeedOrigin));
}

/** The origin of the frame that sent a message, as the browser reports it; null when it has none to trust. */
export function senderOrigin(sender: Runtime.MessageSender & { origin?: string }): string | null {
  if (sender.origin !== undefined) return sender.origin === 'null' ? null : sender.origin;
  try {
    const origin = new URL(sender.url ?? '').origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Pure: which frame a sender is, if its origin is listed. */
export function feedFrameOf(
  sender: Runtime.MessageSender & { origin?: string; documentId?: string },
  listed: ReadonlySet<string>,
): FeedFrame | null {
  const origin = senderOrigin(sender);
  const tabId = sender.tab?.id;
  if (origin === null || !listed.has(origin) || tabId === undefined || sender.frameId === undefined) return null;
  const frame: FeedFrame = { tabId, frameId: sender.frameId, origin };
  if (sender.documentId !== undefined) frame.documentId = sender.documentId;
  return frame;
}

const sameFrame = (a: FeedFrame, b: Pick<FeedFrame, 'tabId' | 'frameId'>) =>
  a.tabId === b.tabId && a.frameId === b.frameId;

export interface PageFeedDeps {
  browser: Pick<Browser, 'tabs'>;
  storage: ItemStorage;
  settings(): Settings;
  /** The calls and who is calling, as the panels get them (engine.snapshot). */
  current(): Pick<Snapshot, 'calls' | 'callers'>;
  log: Logger;
}

export class PageFeed {
  private frames: FeedFrame[] = [];
  private readonly loaded: Promise<void>;
  /** What each frame was sent last, so that an unchanged list is not sent again. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly deps: PageFeedDeps) {
    this.loaded = deps.storage
      .get(ITEMS.pageFeedFrames)
      .then((frames) => {
        this.frames = [...frames, ...this.frames];
      })
      .catch(() => undefined);
  }

  /** A content script asked for its page config: a frame of a listed origin joins (or leaves) and gets the calls. */
  async frameLoaded(sender: Runtime.MessageSender): Promise<void> {
    await this.loaded;
    const frame = feedFrameOf(sender, listedOrigins(this.deps.settings()));
    const tabId = sender.tab?.id;
    const frameId = sender.frameId;
    // Whatever this frame showed before (another document) leaves first. Every frame of every page asks: most are
    // not fed and were not, and cost nothing here.
    const before = this.frames.length;
    if (tabId !== undefined && frameId !== undefined)
      this.frames = this.frames.filter((f) => !sameFrame(f, { tabId, frameId }));
    if (!frame && this.frames.length === before) return;
    if (frame) this.frames = [...this.frames, frame].slice(-MAX_FEED_FRAMES);
    this.save();
    if (frame) await this.send(frame, true, this.deps.current());
  }

  /** The calls changed: every frame whose list changed gets it. */
  async push(): Promise<void> {
    await this.loaded;
    if (this.frames.length === 0) return;
    const current = this.deps.current();
    await Promise.all(this.frames.map((f) => this.send(f, false, current)));
  }

  /** The settings changed: frames of origins no longer listed leave the feed. */
  async settingsChanged(): Promise<void> {
    await this.loaded;
    const listed = listedOrigins(this.deps.settings());
    this.drop((f) => !listed.has(f.origin));
  }

  tabRemoved(tabId: number): void {
    this.drop((f) => f.tabId === tabId);
  }

  private drop(gone: (f: FeedFrame) => boolean): void {
    const leaving = this.frames.filter(gone);
    if (leaving.length === 0) return;
    for (const f of leaving) this.sent.delete(keyOf(f));
    this.frames = this.frames.filter((f) => !gone(f));
    this.save();
  }

  private save(): void {
    void this.deps.storage
      .set(ITEMS.pageFeedFrames, this.frames)
      .catch((e: unknown) => this.deps.log.warn(`page feed: ${errorMessage(e)}`));
  }

  private async send(frame: FeedFrame, always: boolean, current: Pick<Snapshot, 'calls' | 'callers'>): Promise<void> {
    // The list is checked again on every send: a frame never outlives its origin's place in the list.
    if (!listedOrigins(this.deps.settings()).has(frame.origin)) return this.drop((f) => f === frame);
    const calls = feedCalls(current.calls, current.callers, frame.origin);
    const key = keyOf(frame);
    const json = JSON.stringify(calls);
    if (!always && this.sent.get(key) === json) return;
    this.sent.set(key, json);
    const message: TabMessage = { type: 'ipbx:calls', origin: frame.origin, calls };
    const options: Tabs.SendMessageOptionsType & { documentId?: string } = { frameId: frame.frameId };
    if (frame.documentId !== undefined) options.documentId = frame.documentId;
    try {
      await this.deps.browser.tabs.sendMessage(frame.tabId, message, options);
    } catch {
      // No content script there any more (closed, navigated, reloaded): the frame joins again when it loads.
      this.drop((f) => f === frame);
    }
  }
}

function keyOf(f: FeedFrame): string {
  return `${f.tabId}/${f.frameId}/${f.documentId ?? ''}`;
}
