/**
 * The page feed's background side (src/background/page-feed.ts) and its contract (src/shared/page-feed.ts): only
 * frames whose own origin is listed join, each change goes to them alone with the origin they joined with, a name only
 * to the origin of the CRM lookup that gave it, and the content side posts to that origin only.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import {
  feedCalls,
  feedFrameOf,
  feedOriginsChanged,
  listedOrigins,
  PageFeed,
  senderOrigin,
} from '../../src/background/page-feed.ts';
import { postCalls } from '../../src/content/page-feed.ts';
import type { CallerInfo } from '../../src/shared/caller.ts';
import type { Call } from '../../src/shared/calls.ts';
import type { Snapshot, TabMessage } from '../../src/shared/messages.ts';
import { FEED_SOURCE, isFeedOrigin } from '../../src/shared/page-feed.ts';
import { migrateSettings, validateSettings, type Settings } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';

const CRM = 'https://crm.example.com';
const OTHER = 'https://other.example.org';

const RINGING: Call = {
  uniqueId: '1712345678.1940',
  from: '+420777888999',
  to: '444',
  direction: 'incoming',
  state: 'ringing',
  line: '444',
  queue: 'support',
  startedAt: 1_000,
  hangupRequested: true,
};
const SET_UP: Call = { uniqueId: '2', from: '602123456', to: '444', direction: 'incoming', state: 'new', startedAt: 2 };
const OUTGOING: Call = {
  uniqueId: '3',
  from: '444',
  to: '602123456',
  direction: 'outgoing',
  state: 'answered',
  startedAt: 3,
  answeredAt: 4,
};

const FROM_CRM: CallerInfo = {
  name: 'Jan Novák',
  company: 'Stavby',
  source: 'crm',
  origin: CRM,
  recordUrl: `${CRM}/c/1`,
};

function sender(url: string, extra: Partial<Runtime.MessageSender> & { origin?: string; documentId?: string } = {}) {
  return {
    id: 'ext',
    url,
    tab: { id: 5, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
    frameId: 0,
    ...extra,
  };
}

describe('the contract', () => {
  it('an origin is http(s)://host[:port] exactly as the browser writes it', () => {
    for (const ok of [CRM, 'http://localhost:8080', 'http://127.0.0.1:7878', 'https://[::1]:8443'])
      expect(isFeedOrigin(ok), ok).toBe(true);
    for (const bad of [
      'https://crm.example.com/',
      'https://crm.example.com/path',
      'https://CRM.example.com',
      'https://crm.example.com:443',
      'crm.example.com',
      'ftp://crm.example.com',
      'https://user@crm.example.com',
      'https://*.example.com',
      'https://crm.example.com?x=1',
      '',
      'null',
    ])
      expect(isFeedOrigin(bad), bad).toBe(false);
  });

  it('the options page refuses a list with an entry that is not an origin', () => {
    const s = (origins: string[]) => migrateSettings({ pageFeed: { origins } });
    expect(validateSettings(s([CRM, 'http://localhost:8080'])).pageFeed).toBeUndefined();
    expect(validateSettings(s([CRM, 'https://crm.example.com/app'])).pageFeed).toBe('errFeedOrigin');
  });

  it("each call as a page sees it: parties, state, line, queue, start; nothing of the extension's own bookkeeping", () => {
    expect(feedCalls([RINGING, SET_UP, OUTGOING], undefined, CRM)).toEqual([
      {
        uniqueId: '1712345678.1940',
        from: '+420777888999',
        to: '444',
        direction: 'incoming',
        state: 'ringing',
        line: '444',
        queue: 'support',
        name: null,
        startedAt: 1_000,
      },
      {
        uniqueId: '3',
        from: '444',
        to: '602123456',
        direction: 'outgoing',
        state: 'answered',
        line: null,
        queue: null,
        name: null,
        startedAt: 3,
      },
    ]);
  });

  it("a name only for the origin whose CRM lookup gave it; the user's, the iPBX's and imported contacts never", () => {
    const name = (caller: CallerInfo, origin: string) =>
      feedCalls([RINGING], { [RINGING.uniqueId]: caller }, origin)[0]?.name;
    expect(name(FROM_CRM, CRM)).toBe('Jan Novák');
    expect(name(FROM_CRM, OTHER)).toBeNull();
    expect(name({ ...FROM_CRM, origin: undefined }, CRM)).toBeNull();
    for (const source of ['user', 'ipbx', 'file'] as const)
      expect(name({ name: 'Jan', source, origin: CRM }, CRM)).toBeNull();
    // Only the name: company, record URL and other names stay in the extension.
    expect(JSON.stringify(feedCalls([RINGING], { [RINGING.uniqueId]: FROM_CRM }, CRM))).not.toMatch(/Stavby|\/c\/1/);
  });

  it('the content side posts to the origin it was given, with the documented shape', () => {
    const target = { postMessage: vi.fn() };
    postCalls(target, CRM, []);
    expect(target.postMessage).toHaveBeenCalledWith({ source: FEED_SOURCE, type: 'calls', calls: [] }, CRM);
  });
});

describe('which frames are fed', () => {
  const listed = new Set([CRM]);

  it('a frame joins by its own origin: the top frame or a frame of a listed origin in any page', () => {
    expect(feedFrameOf(sender(`${CRM}/contacts/1`), listed)).toEqual({ tabId: 5, frameId: 0, origin: CRM });
    expect(feedFrameOf(sender(`${CRM}/embed`, { frameId: 3, documentId: 'doc-1' }), listed)).toEqual({
      tabId: 5,
      frameId: 3,
      origin: CRM,
      documentId: 'doc-1',
    });
    // The browser's origin of the sender wins over its URL (about:blank frames inherit their parent's).
    expect(feedFrameOf(sender('about:blank', { frameId: 4, origin: CRM }), listed)).toMatchObject({ origin: CRM });
    expect(feedFrameOf(sender(`${CRM}/x`, { origin: OTHER }), listed)).toBeNull();
  });

  it('no other origin, no sandboxed or opaque frame, no sender without a tab', () => {
    expect(feedFrameOf(sender(`${OTHER}/`), listed)).toBeNull();
    expect(feedFrameOf(sender('https://crm.example.com.evil.test/'), listed)).toBeNull();
    expect(feedFrameOf(sender('http://crm.example.com/'), listed)).toBeNull();
    expect(feedFrameOf(sender(`${CRM}/`, { origin: 'null' }), listed)).toBeNull();
    expect(feedFrameOf(sender('about:blank'), listed)).toBeNull();
    expect(feedFrameOf({ id: 'ext', url: `${CRM}/`, frameId: 0 }, listed)).toBeNull();
    expect(senderOrigin({ url: 'data:text/html,x' })).toBeNull();
  });

  it('the list in force leaves out entries that are not origins (a policy might carry them)', () => {
    const s = migrateSettings({ pageFeed: { origins: [CRM, 'https://x.example.com/path', OTHER] } });
    expect([...listedOrigins(s)]).toEqual([CRM, OTHER]);
    expect(feedOriginsChanged(s, migrateSettings({ pageFeed: { origins: [CRM] } }))).toBe(true);
    expect(feedOriginsChanged(s, s)).toBe(false);
  });
});

describe('PageFeed', () => {
  let settings: Settings;
  let current: Pick<Snapshot, 'calls' | 'callers'>;
  let sent: { tabId: number; message: TabMessage; options: unknown }[];
  const storage = new ItemStorage({ browser, log: { debug() {}, info() {}, warn() {}, error() {} } });

  function feed() {
    return new PageFeed({
      browser,
      storage,
      settings: () => settings,
      current: () => current,
      log: { debug() {}, info() {}, warn: vi.fn(), error() {} },
    });
  }

  beforeEach(() => {
    fakeBrowser.reset();
    settings = migrateSettings({ pageFeed: { origins: [CRM] } });
    current = { calls: [RINGING], callers: { [RINGING.uniqueId]: FROM_CRM } };
    sent = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
      tabId: number,
      message: TabMessage,
      options: unknown,
    ) => {
      sent.push({ tabId, message, options });
      return true;
    }) as unknown as typeof fakeBrowser.tabs.sendMessage);
  });

  afterEach(() => vi.restoreAllMocks());

  it('a listed frame gets the calls when it loads, then each change, and an unchanged list only once', async () => {
    const f = feed();
    await f.frameLoaded(sender(`${CRM}/`, { frameId: 2, documentId: 'D' }));
    expect(sent).toEqual([
      {
        tabId: 5,
        message: { type: 'ipbx:calls', origin: CRM, calls: feedCalls([RINGING], current.callers, CRM) },
        options: { frameId: 2, documentId: 'D' },
      },
    ]);
    expect(sent[0]?.message.type === 'ipbx:calls' && sent[0].message.calls[0]?.name).toBe('Jan Novák');
    await f.push();
    expect(sent).toHaveLength(1);
    current = { calls: [RINGING, OUTGOING] };
    await f.push();
    expect(sent).toHaveLength(2);
    current = { calls: [] };
    await f.push();
    expect(sent.at(-1)?.message).toEqual({ type: 'ipbx:calls', origin: CRM, calls: [] });
  });

  it('a frame of another origin never joins and never gets anything', async () => {
    const f = feed();
    await f.frameLoaded(sender(`${OTHER}/`));
    await f.frameLoaded(sender(`${OTHER}/`, { frameId: 7 }));
    current = { calls: [RINGING, OUTGOING] };
    await f.push();
    expect(sent).toEqual([]);
  });

  it('a frame that loads another origin leaves; so do closed tabs and frames whose origin left the list', async () => {
    const f = feed();
    await f.frameLoaded(sender(`${CRM}/`));
    await f.frameLoaded(sender(`${OTHER}/`));
    current = { calls: [OUTGOING] };
    await f.push();
    expect(sent).toHaveLength(1);

    await f.frameLoaded(
      sender(`${CRM}/`, {
        tab: { id: 6, index: 1, highlighted: false, active: false, pinned: false, incognito: false },
      }),
    );
    f.tabRemoved(6);
    current = { calls: [] };
    await f.push();
    expect(sent.map((s) => s.tabId)).toEqual([5, 6]);

    await f.frameLoaded(sender(`${CRM}/`));
    settings = migrateSettings({ pageFeed: { origins: [] } });
    await f.settingsChanged();
    current = { calls: [RINGING] };
    await f.push();
    expect(sent.map((s) => s.tabId)).toEqual([5, 6, 5]);
  });

  it('a frame that cannot be reached (navigated, reloaded) leaves the feed', async () => {
    const f = feed();
    await f.frameLoaded(sender(`${CRM}/`));
    vi.mocked(fakeBrowser.tabs.sendMessage).mockRejectedValue(new Error('Could not establish connection.'));
    current = { calls: [OUTGOING] };
    await f.push();
    vi.mocked(fakeBrowser.tabs.sendMessage).mockClear();
    current = { calls: [] };
    await f.push();
    expect(fakeBrowser.tabs.sendMessage).not.toHaveBeenCalled();
  });

  it('a restarted worker keeps feeding the frames that joined (storage.session)', async () => {
    await feed().frameLoaded(sender(`${CRM}/`, { frameId: 1 }));
    await vi.waitFor(async () =>
      expect((await fakeBrowser.storage.session.get('pageFeedFrames')).pageFeedFrames).toHaveLength(1),
    );
    sent = [];
    current = { calls: [OUTGOING] };
    await feed().push();
    expect(sent.map((s) => s.options)).toEqual([{ frameId: 1 }]);
  });
});
