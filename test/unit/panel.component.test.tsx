// @vitest-environment happy-dom
/**
 * The panel's parts of issue 17 (src/popup/): the queue status in the header, the buttons to a panel that stays (only
 * in the popup), the recent calls filter with its keyboard, and what an open panel tells the background.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/popup/App.tsx';
import { isMissedEntry, matchesFilter } from '../../src/popup/RecentFilter.tsx';
import { currentBounds } from '../../src/popup/panel-presence.ts';
import { panelView } from '../../src/popup/view.ts';
import type { Message, Snapshot } from '../../src/shared/messages.ts';
import { migrateSettings, SETTINGS_KEY } from '../../src/shared/settings.ts';
import type { RecentCall } from '../../src/shared/storage/items.ts';

type Listener = (message: unknown) => void;

/** The snapshot port: every listener the page adds gets what `push` sends. */
function installPort(): (s: Snapshot) => void {
  const listeners: Listener[] = [];
  const connect = () => ({
    name: 'ipbx-snapshot',
    onMessage: { addListener: (fn: Listener) => void listeners.push(fn), removeListener: () => undefined },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
    postMessage: () => undefined,
    disconnect: () => undefined,
  });
  Object.assign(fakeBrowser.runtime, { connect });
  return (s) => {
    for (const l of listeners) l(s);
  };
}

function recordMessages(): Message[] {
  const sent: Message[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    sent.push(m as Message);
    return { ok: true, value: null };
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  return sent;
}

const T = Date.now();

function recent(uniqueId: string, over: Partial<RecentCall>): RecentCall {
  return {
    uniqueId,
    direction: 'incoming',
    number: '+420777888999',
    startedAt: T - 60_000,
    endedAt: T - 50_000,
    answered: false,
    durationMs: 0,
    ...over,
  };
}

const RECENT: RecentCall[] = [
  recent('m1', { number: '+420777000001', missed: true }),
  recent('a1', { number: '+420777000002', answered: true, durationMs: 65_000, missed: false }),
  recent('e1', { number: '+420777000003', missed: false, reason: 'Answered elsewhere' }),
  recent('o1', { number: '+420777000004', direction: 'outgoing', answered: true, durationMs: 5_000 }),
  // An entry of an earlier version: no `missed`; an incoming call nobody answered reads as missed.
  recent('old', { number: '+420777000005' }),
];

let push: (s: Snapshot) => void;

beforeEach(async () => {
  fakeBrowser.reset();
  push = installPort();
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: migrateSettings({}), recentCalls: RECENT });
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async () => []) as unknown as typeof fakeBrowser.tabs.query);
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockImplementation((async () => ({
    id: 7,
    focused: true,
    incognito: false,
    alwaysOnTop: false,
  })) as unknown as typeof fakeBrowser.windows.getCurrent);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function renderPanel(view: 'popup' | 'window' | 'side', snapshot: Partial<Snapshot> = {}) {
  render(<App view={view} />);
  push({ status: { state: 'connected', line: '444', since: T }, calls: [], consultations: [], ...snapshot });
  await screen.findByRole('status');
}

describe('where the panel is shown', () => {
  it('reads the view from the page URL; anything else is the popup', () => {
    expect(panelView('')).toBe('popup');
    expect(panelView('?view=window')).toBe('window');
    expect(panelView('?view=side')).toBe('side');
    expect(panelView('?view=evil')).toBe('popup');
  });

  it('the popup offers "Open in a window" and the side panel; the window and the side panel do not', async () => {
    const sent = recordMessages();
    await renderPanel('popup');
    fireEvent.click(screen.getByRole('button', { name: 'Open in a window' }));
    await waitFor(() => expect(sent).toContainEqual({ type: 'openPanelWindow', payload: null }));
    expect(screen.getByRole('button', { name: 'Open side panel' })).toBeTruthy();
    cleanup();
    for (const view of ['window', 'side'] as const) {
      await renderPanel(view);
      expect(screen.queryByRole('button', { name: 'Open in a window' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Open side panel' })).toBeNull();
      cleanup();
    }
  });

  it('tells the background the missed calls are seen when it opens and when it gets the focus again', async () => {
    const sent = recordMessages();
    await renderPanel('side');
    await waitFor(() => expect(sent.filter((m) => m.type === 'missedSeen')).toHaveLength(1));
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(sent.filter((m) => m.type === 'missedSeen')).toHaveLength(2));
  });

  it('a window is remembered by its place on the screen', () => {
    expect(currentBounds({ screenX: 40.4, screenY: 30, outerWidth: 520, outerHeight: 600.6 })).toEqual({
      left: 40,
      top: 30,
      width: 520,
      height: 601,
    });
  });
});

describe('queue status in the header', () => {
  it('shows each queue as the iPBX names it, with its state and pause name; a help, no buttons that cannot work', async () => {
    recordMessages();
    await renderPanel('popup', {
      agents: [
        { queue: 'Podpora', state: 'paused', pauseName: 'Oběd', since: T },
        { queue: 'Prodej', state: 'loggedIn', since: T },
        { queue: 'VIP', state: 'loggedOut', since: T },
        { queue: 'Noc', state: 'paused', since: T },
      ],
    });
    const queues = screen.getByRole('region', { name: 'Queues' });
    expect([...queues.querySelectorAll('.queue')].map((q) => q.textContent)).toEqual([
      'Podpora: paused — Oběd',
      'Prodej: logged in',
      'VIP: logged out',
      'Noc: paused',
    ]);
    const help = within(queues).getByRole('button', { name: 'About queue status' });
    expect(within(queues).getAllByRole('button')).toEqual([help]);
    expect(help.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(help);
    expect(help.getAttribute('aria-expanded')).toBe('true');
    const text = document.getElementById(help.getAttribute('aria-controls') ?? '');
    expect(text?.hidden).toBe(false);
    expect(text?.textContent).toContain('on your phone or in the iPBX');
  });

  it('is not there while no queue state is known', async () => {
    recordMessages();
    await renderPanel('popup');
    expect(screen.queryByRole('region', { name: 'Queues' })).toBeNull();
  });
});

describe('recent calls filter', () => {
  it('sorts entries by the reducer rule, and an old entry by what it has', () => {
    const kinds = (f: Parameters<typeof matchesFilter>[1]) =>
      RECENT.filter((c) => matchesFilter(c, f)).map((c) => c.uniqueId);
    expect(kinds('all')).toEqual(['m1', 'a1', 'e1', 'o1', 'old']);
    expect(kinds('missed')).toEqual(['m1', 'old']);
    expect(kinds('incoming')).toEqual(['m1', 'a1', 'e1', 'old']);
    expect(kinds('outgoing')).toEqual(['o1']);
    expect(isMissedEntry(recent('x', { missed: false }))).toBe(false);
  });

  it('is a radio group: a choice shows one kind, each with its call back; an empty kind says so', async () => {
    recordMessages();
    await renderPanel('popup');
    const region = screen.getByRole('region', { name: 'Recent calls' });
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(5));
    const group = within(region).getByRole('group', { name: 'Show' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['All', 'Missed', 'Incoming', 'Outgoing']);
    // One name for the group: the browser moves between them with the arrow keys and Tab leaves it.
    expect(new Set(radios.map((r) => r.getAttribute('name'))).size).toBe(1);
    expect(radios.map((r) => (r as HTMLInputElement).checked)).toEqual([true, false, false, false]);

    fireEvent.click(within(group).getByRole('radio', { name: 'Missed' }));
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(2));
    expect(region.textContent).toContain('missed');
    for (const row of within(region).getAllByRole('row'))
      expect(within(row).getByRole('button', { name: /^Call back / })).toBeTruthy();

    fireEvent.click(within(group).getByRole('radio', { name: 'Outgoing' }));
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(1));
    expect(region.textContent).toContain('777 000 004');

    await fakeBrowser.storage.local.set({ recentCalls: RECENT.filter((c) => c.direction === 'incoming') });
    await within(region).findByText('No calls of this kind.');
  });

  it('says what became of an unanswered call: missed, or answered by a colleague', async () => {
    recordMessages();
    await renderPanel('popup');
    const region = screen.getByRole('region', { name: 'Recent calls' });
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(5));
    const rows = within(region).getAllByRole('row');
    expect(rows[0]?.className).toBe('missed');
    expect(rows[2]?.textContent).toContain('answered elsewhere');
    expect(rows[2]?.className).toBe('');
    expect(rows[4]?.className).toBe('missed');
  });
});
