// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/popup/App.tsx';
import { PhoneNumber } from '../../src/popup/PhoneNumber.tsx';
import { CallTimer } from '../../src/popup/CallTimer.tsx';
import type { Call } from '../../src/shared/calls.ts';
import { SNAPSHOT_PORT, type Message, type Reply, type MessageType, type Snapshot } from '../../src/shared/messages.ts';
import { migrateSettings, SETTINGS_KEY } from '../../src/shared/settings.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';

type Listener = (message: unknown) => void;

interface FakePort {
  name: string;
  onMessage: { addListener: (fn: Listener) => void; removeListener: (fn: Listener) => void };
  onDisconnect: { addListener: (fn: () => void) => void; removeListener: (fn: () => void) => void };
  postMessage: (m: unknown) => void;
  disconnect: () => void;
}

/** The background's side of the snapshot port, as seen by the test. */
interface PortControl {
  connectedNames: string[];
  push: (s: Snapshot) => void;
}

function installPort(): PortControl {
  const listeners: Listener[] = [];
  const control: PortControl = {
    connectedNames: [],
    push: (s) => {
      for (const l of listeners) l(s);
    },
  };
  const connect = (info?: { name?: string }): FakePort => {
    control.connectedNames.push(info?.name ?? '');
    return {
      name: info?.name ?? '',
      onMessage: { addListener: (fn) => void listeners.push(fn), removeListener: () => undefined },
      onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
      postMessage: () => undefined,
      disconnect: () => undefined,
    };
  };
  (fakeBrowser.runtime as unknown as { connect: typeof connect }).connect = connect;
  return control;
}

type Replier = (m: Message) => Reply<MessageType> | undefined;

/**
 * Stubs runtime.sendMessage; every message the page sends is recorded, but the "missed calls seen" that every panel
 * sends when it opens (panel-presence.ts; tested on its own).
 */
function stubSendMessage(reply: Replier = () => ({ ok: true, value: null })) {
  const sent: Message[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    if ((m as Message).type !== 'missedSeen') sent.push(m as Message);
    return reply(m as Message);
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  return sent;
}

const NOW = Date.now();

const RINGING: Call = {
  uniqueId: '1712345678.42',
  from: '+420777888999',
  to: '444',
  direction: 'incoming',
  state: 'ringing',
  startedAt: NOW - 5_000,
};

const ANSWERED: Call = {
  uniqueId: '1712345600.7',
  from: '444',
  to: '+420608111222',
  direction: 'outgoing',
  state: 'answered',
  startedAt: NOW - 60_000,
  answeredAt: NOW - 30_000,
};

const CONNECTED: ConnectionStatus = { state: 'connected', line: '444', since: NOW - 100_000 };

function snapshot(partial: Partial<Snapshot> = {}): Snapshot {
  return { status: CONNECTED, calls: [RINGING, ANSWERED], consultations: [], ...partial };
}

let port: PortControl;

beforeEach(async () => {
  fakeBrowser.reset();
  port = installPort();
  await fakeBrowser.storage.local.set({
    [SETTINGS_KEY]: migrateSettings({ defaultCountry: 'CZ', internationalPrefix: '00' }),
  });
  const tab = {
    id: 1,
    index: 0,
    windowId: 0,
    url: 'https://crm.example.com/x',
    active: true,
    highlighted: true,
    pinned: false,
    incognito: false,
  };
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async () => [
    tab,
  ]) as unknown as typeof fakeBrowser.tabs.query);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Renders the popup and pushes a snapshot once the page has opened its port. */
async function renderWith(s: Snapshot) {
  const utils = render(<App />);
  await waitFor(() => expect(port.connectedNames).toContain(SNAPSHOT_PORT));
  port.push(s);
  await screen.findByRole('status');
  return utils;
}

function callItems() {
  return within(screen.getByRole('list')).getAllByRole('listitem');
}

describe('popup: active calls', () => {
  it('lists each call with its number and Hang up / Transfer, and the status line with the line', async () => {
    stubSendMessage();
    await renderWith(snapshot());
    const items = callItems();
    expect(items).toHaveLength(2);
    // Formatted for a person, and the number exactly as the iPBX sent it.
    expect(items[0]!.textContent).toContain('777 888 999');
    expect(items[0]!.textContent).toContain('+420777888999');
    expect(items[1]!.textContent).toContain('+420608111222');
    for (const item of items) {
      expect(within(item).getByRole('button', { name: 'Hang up' })).toBeTruthy();
      expect(within(item).getByRole('button', { name: 'Transfer' })).toBeTruthy();
    }
    expect(screen.getByRole('status').textContent).toContain('Connected, line 444');
  });

  it('Hang up sends hangup with the exact uniqueId', async () => {
    const sent = stubSendMessage();
    await renderWith(snapshot());
    fireEvent.click(within(callItems()[0]!).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'hangup', payload: { uniqueId: '1712345678.42' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an error Reply to Hang up is shown as an alert in that call', async () => {
    stubSendMessage(() => ({
      ok: false,
      error: { code: 'reasonNotConnected', message: 'The iPBX is not connected.' },
    }));
    await renderWith(snapshot());
    const second = callItems()[1]!;
    fireEvent.click(within(second).getByRole('button', { name: 'Hang up' }));
    const alert = await within(second).findByRole('alert');
    expect(alert.textContent).toBe('The iPBX is not connected.');
  });

  it('Transfer opens a form that sends an attended transfer', async () => {
    const sent = stubSendMessage();
    await renderWith(snapshot());
    const first = callItems()[0]!;
    const toggle = within(first).getByRole('button', { name: 'Transfer' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const target = within(first).getByLabelText('Transfer to');
    fireEvent.input(target, { target: { value: '445' } });
    fireEvent.click(within(first).getByRole('radio', { name: 'Attended (consult first)' }));
    const start = within(first).getByRole('button', { name: 'Start transfer' });
    expect((start as HTMLButtonElement).disabled).toBe(false);
    fireEvent.submit(start.closest('form')!);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'transfer', payload: { uniqueId: '1712345678.42', to: '445', type: 'attended' } });
    // An attended transfer closes the form and waits for the consultation in the next snapshot.
    await waitFor(() => expect(within(first).queryByLabelText('Transfer to')).toBeNull());
  });

  it('a consultation shows Complete transfer and Cancel consultation, which hang up the right calls', async () => {
    const sent = stubSendMessage();
    const consult: Call = {
      uniqueId: 'x',
      from: '444',
      to: '446',
      direction: 'outgoingLocal',
      state: 'ringing',
      startedAt: NOW,
    };
    await renderWith(
      snapshot({
        calls: [RINGING, consult],
        consultations: [{ uniqueId: RINGING.uniqueId, to: '446', consultId: 'x' }],
      }),
    );
    const first = callItems()[0]!;
    expect(within(first).queryByRole('button', { name: 'Hang up' })).toBeNull();
    expect(first.textContent).toContain('Consulting 446');
    const complete = within(first).getByRole('button', { name: 'Complete transfer' });
    const cancel = within(first).getByRole('button', { name: 'Cancel consultation' });
    // The consultation call itself can be hung up but not transferred again.
    const second = callItems()[1]!;
    expect(within(second).getByRole('button', { name: 'Hang up' })).toBeTruthy();
    expect(within(second).queryByRole('button', { name: 'Transfer' })).toBeNull();

    fireEvent.click(cancel);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'hangup', payload: { uniqueId: 'x' } });
    await waitFor(() => expect((complete as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(complete);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ type: 'hangup', payload: { uniqueId: RINGING.uniqueId } });
  });
});

describe('popup: a long call list', () => {
  const many = (n: number): Call[] =>
    Array.from({ length: n }, (_, i) => ({
      ...ANSWERED,
      uniqueId: `c${i}`,
      to: `+42060800${String(i).padStart(4, '0')}`,
      startedAt: NOW - i * 1_000,
    }));

  it('draws the newest 20 calls and a button that shows the rest, with the full count in the heading', async () => {
    stubSendMessage();
    await renderWith(snapshot({ calls: many(45) }));
    expect(callItems()).toHaveLength(20);
    expect(callItems()[0]!.textContent).toContain('+420608000000');
    expect(screen.getByRole('heading', { name: /45 active calls/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 25 more calls' }));
    await waitFor(() => expect(callItems()).toHaveLength(45));
    expect(screen.queryByRole('button', { name: /more call/ })).toBeNull();
    // Focus moves on to the first call that was hidden, not back to the top of the page.
    await waitFor(() =>
      expect(document.activeElement).toBe(within(callItems()[20]!).getByRole('button', { name: 'Hang up' })),
    );
  });

  it('keeps the calls of an attended transfer in view however many newer calls arrive', async () => {
    stubSendMessage();
    const calls = many(30);
    await renderWith(snapshot({ calls, consultations: [{ uniqueId: 'c28', to: '446', consultId: 'c29' }] }));
    const items = callItems();
    expect(items).toHaveLength(22);
    expect(items[20]!.textContent).toContain('Consulting 446');
    expect(items[21]!.textContent).toContain('+420608000029');
    expect(screen.getByRole('button', { name: 'Show 8 more calls' })).toBeTruthy();
  });
});

describe('popup: dial box', () => {
  it('shows what will be dialled and Call sends originate with it', async () => {
    const sent = stubSendMessage(() => ({ ok: true, value: { uniqueId: 'new' } }));
    await renderWith(snapshot({ calls: [] }));
    const input = screen.getByLabelText('Number to call');
    fireEvent.input(input, { target: { value: '+44 20 7946 0958' } });
    expect(await screen.findByText('Will dial 00442079460958')).toBeTruthy();
    const call = screen.getByRole('button', { name: 'Call' }) as HTMLButtonElement;
    expect(call.disabled).toBe(false);
    fireEvent.click(call);
    await waitFor(() => expect(sent.filter((m) => m.type === 'originate')).toHaveLength(1));
    expect(sent.find((m) => m.type === 'originate')).toEqual({ type: 'originate', payload: { to: '00442079460958' } });
  });

  it("dials by the administrator's policy, not the user's own prefix", async () => {
    await fakeBrowser.storage.managed.set({ internationalPrefix: '011' });
    const sent = stubSendMessage(() => ({ ok: true, value: { uniqueId: 'new' } }));
    await renderWith(snapshot({ calls: [] }));
    fireEvent.input(screen.getByLabelText('Number to call'), { target: { value: '+44 20 7946 0958' } });
    expect(await screen.findByText('Will dial 011442079460958')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(sent.filter((m) => m.type === 'originate')).toHaveLength(1));
    expect(sent.find((m) => m.type === 'originate')).toEqual({ type: 'originate', payload: { to: '011442079460958' } });
  });

  it('nonsense disables Call and shows the invalid-number message', async () => {
    const sent = stubSendMessage();
    await renderWith(snapshot({ calls: [] }));
    const input = screen.getByLabelText('Number to call');
    fireEvent.input(input, { target: { value: 'nonsense' } });
    expect(await screen.findByText('This is not a number that can be dialled.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const call = screen.getByRole('button', { name: 'Call' }) as HTMLButtonElement;
    expect(call.disabled).toBe(true);
    fireEvent.submit(call.closest('form')!);
    await Promise.resolve();
    expect(sent.filter((m) => m.type === 'originate')).toHaveLength(0);
  });
});

describe('popup: status line', () => {
  it('a disconnected status shows the reason and Retry sends reconnect', async () => {
    const sent = stubSendMessage();
    await renderWith(
      snapshot({ calls: [], status: { state: 'disconnected', reason: 'reasonUnreachable', since: NOW } }),
    );
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Disconnected');
    expect(status.textContent).toContain('The iPBX cannot be reached.');
    fireEvent.click(within(status).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'reconnect', payload: null });
  });

  it('a misconfigured status offers no Retry', async () => {
    stubSendMessage();
    await renderWith(snapshot({ calls: [], status: { state: 'misconfigured', reason: 'cfgNoUrl', since: NOW } }));
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Not set up');
    expect(within(status).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('a call from a page that could not be placed is said in the status line, with the number and why', async () => {
    stubSendMessage();
    await renderWith(
      snapshot({
        calls: [],
        status: { state: 'disconnected', reason: 'reasonUnreachable', since: NOW, retryAt: NOW + 4_000 },
        callNotPlaced: {
          to: '777888999',
          at: NOW,
          text: 'The call was not placed: The iPBX cannot be reached.',
        },
      }),
    );
    const notice = within(screen.getByRole('status')).getByText(/^Call to 777 888 999 at /);
    expect(notice.textContent).toMatch(/: The call was not placed: The iPBX cannot be reached\.$/);
  });
});

describe('popup: site switch', () => {
  it("shows the active tab's site and turning it off saves the host in disabledSites", async () => {
    stubSendMessage();
    await renderWith(snapshot({ calls: [] }));
    const toggle = (await screen.findByRole('switch', {
      name: 'Click-to-call on crm.example.com',
    })) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    await waitFor(async () => {
      const s = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as { disabledSites: string[] };
      expect(s.disabledSites).toEqual(['crm.example.com']);
    });
    await waitFor(() => expect((screen.getByRole('switch') as HTMLInputElement).checked).toBe(false));
  });
});

describe('popup: how a number reads', () => {
  it('a national number reads in groups, followed by the number exactly as the iPBX sent it', () => {
    render(<PhoneNumber raw="777888999" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('777 888 999 777888999');
    expect(document.querySelector('.number .raw')!.textContent).toBe(' 777888999');
  });

  it('an internal line is shown once, as it is', () => {
    render(<PhoneNumber raw="445" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('445');
    expect(document.querySelector('.number .raw')).toBeNull();
  });

  it('a foreign number reads in international form', () => {
    render(<PhoneNumber raw="00442079460958" country="CZ" />);
    expect(document.querySelector('.number')!.textContent).toBe('+44 20 7946 0958 00442079460958');
  });
});

describe('popup: an anonymous caller', () => {
  const ANONYMOUS: Call = { ...RINGING, uniqueId: '1712345678.1940', from: '' };

  it('shows "Unknown caller" for a call without a number; Hang up still sends its exact uniqueId', async () => {
    const sent = stubSendMessage();
    await renderWith(snapshot({ calls: [ANONYMOUS] }));
    const [item] = callItems();
    expect(item!.querySelector('.number')?.textContent).toBe('Unknown caller');
    fireEvent.click(within(item!).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hangup', payload: { uniqueId: '1712345678.1940' } }]));
  });

  it('recent calls show an anonymous caller as "Unknown caller", with no call-back button', async () => {
    stubSendMessage();
    const recent = (uniqueId: string, number: string) => ({
      uniqueId,
      direction: 'incoming',
      number,
      startedAt: NOW - 120_000,
      endedAt: NOW - 60_000,
      answered: false,
      durationMs: 0,
    });
    await fakeBrowser.storage.local.set({ recentCalls: [recent('a', ''), recent('b', '+420777888999')] });
    await renderWith(snapshot({ calls: [] }));
    const rows = await waitFor(() => {
      const found = document.querySelectorAll('table.recent-list tr');
      expect(found).toHaveLength(2);
      return [...found];
    });
    expect(rows[0]!.querySelector('.recent-number')?.textContent).toBe('Unknown caller');
    expect(within(rows[0] as HTMLElement).queryByRole('button')).toBeNull();
    expect(rows[1]!.querySelector('.recent-number')?.textContent).toBe('777 888 999');
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: 'Call back 777 888 999' })).toBeTruthy();
  });
});

describe('popup: caller names', () => {
  const SUGGESTIONS = [
    { name: 'Jan Novák', company: 'Stavby Novák s.r.o.', number: '+420777888999', source: 'ipbx' },
    { name: 'Petra Nováková', company: '', number: '445', source: 'file' },
  ];

  it('a call item shows the caller first, the company, the number beside, and "+1 more" with the other name', async () => {
    stubSendMessage();
    await renderWith(
      snapshot({
        callers: { [RINGING.uniqueId]: { name: 'Jan Novák', company: 'Stavby', others: ['Jana'], source: 'ipbx' } },
      }),
    );
    const [ringing, answered] = callItems();
    expect(ringing?.querySelector('.call-main')?.firstElementChild?.textContent).toMatch(/^Jan NovákStavby/);
    expect(ringing?.textContent).toContain('777 888 999');
    expect(within(ringing as HTMLElement).getByText('+1 more')).toBeTruthy();
    expect(within(ringing as HTMLElement).getByText('Jana')).toBeTruthy();
    expect(answered?.querySelector('.caller')).toBeNull();
  });

  it('names are text: markup in a name is shown, never run', async () => {
    stubSendMessage();
    const name = '<img src=x onerror="alert(1)">Eve';
    await renderWith(snapshot({ callers: { [RINGING.uniqueId]: { name, source: 'file' } } }));
    expect(callItems()[0]?.querySelector('.caller-name')?.textContent).toBe(name);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('typing letters asks the background and shows a listbox; the first is active; arrows move; Enter dials it', async () => {
    const sent = stubSendMessage((m) =>
      m.type === 'contactsSearch' ? { ok: true, value: SUGGESTIONS } : { ok: true, value: { uniqueId: 'new' } },
    );
    await renderWith(snapshot({ calls: [] }));
    const input = screen.getByRole('combobox', { name: 'Number to call' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    fireEvent.input(input, { target: { value: 'nov' } });
    const options = await screen.findAllByRole('option');
    expect(sent.filter((m) => m.type === 'contactsSearch')).toEqual([
      { type: 'contactsSearch', payload: { query: 'nov' } },
    ]);
    expect(options.map((o) => o.textContent)).toEqual(['Jan NovákStavby Novák s.r.o.777 888 999', 'Petra Nováková445']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('Will dial 777888999 (Jan Novák)')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    await waitFor(() => expect(input.getAttribute('aria-activedescendant')).toBe(options[1]?.id));
    expect(screen.getByText('Will dial 445 (Petra Nováková)')).toBeTruthy();
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    await waitFor(() => expect(sent.filter((m) => m.type === 'originate')).toHaveLength(1));
    expect(sent.find((m) => m.type === 'originate')).toEqual({ type: 'originate', payload: { to: '445' } });
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
  });

  it('a click on a suggestion dials it; Escape closes the list and leaves the text', async () => {
    const sent = stubSendMessage((m) =>
      m.type === 'contactsSearch' ? { ok: true, value: SUGGESTIONS } : { ok: true, value: { uniqueId: 'new' } },
    );
    await renderWith(snapshot({ calls: [] }));
    const input = screen.getByRole('combobox', { name: 'Number to call' }) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'nov' } });
    fireEvent.click((await screen.findAllByRole('option'))[0] as HTMLElement);
    await waitFor(() =>
      expect(sent.find((m) => m.type === 'originate')).toEqual({ type: 'originate', payload: { to: '777888999' } }),
    );
    fireEvent.input(input, { target: { value: 'nová' } });
    await screen.findAllByRole('option');
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
    expect(input.value).toBe('nová');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
    // Down opens it again.
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(await screen.findByRole('listbox')).toBeTruthy();
  });

  it('recent calls show the name kept with the call, and "Name this number" sends the name', async () => {
    const sent = stubSendMessage();
    await fakeBrowser.storage.local.set({
      recentCalls: [
        {
          uniqueId: 'a',
          direction: 'incoming',
          number: '+420777888999',
          startedAt: NOW - 120_000,
          endedAt: NOW - 60_000,
          answered: true,
          durationMs: 60_000,
          name: 'Jan Novák',
        },
      ],
    });
    await renderWith(snapshot({ calls: [] }));
    const row = await waitFor(() => {
      const found = document.querySelector('table.recent-list tr');
      if (!(found instanceof HTMLElement)) throw new Error('no row');
      return found;
    });
    expect(row.querySelector('.recent-number')?.textContent).toBe('Jan Novák777 888 999');
    fireEvent.click(within(row).getByRole('button', { name: 'Name this number: 777 888 999' }));
    const field = screen.getByLabelText('Name for 777 888 999') as HTMLInputElement;
    expect(field.value).toBe('Jan Novák');
    fireEvent.input(field, { target: { value: 'Honza' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name', hidden: true }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'nameNumber', payload: { number: '+420777888999', name: 'Honza' } });
  });
});

describe('popup: call timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tick by themselves once a second, and stop when their call goes', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { unmount } = render(<CallTimer since={1_000_000 - 65_000} />);
    const timer = document.querySelector('.timer')!;
    expect(timer.textContent).toBe('01:05');
    expect(timer.getAttribute('aria-label')).toBe('Call duration');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(timer.textContent).toBe('01:07');
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('popup: a record the screen pop held back', () => {
  it('a call whose screen pop was held back (a flood) offers "Open record", which asks the background to open it', async () => {
    const sent = stubSendMessage();
    await fakeBrowser.storage.session.set({ screenPopHeld: { [RINGING.uniqueId]: 'https://crm.example.com/c/1' } });
    await renderWith(snapshot({ calls: [RINGING, ANSWERED] }));
    const [ringing, answered] = callItems();
    const open = await within(ringing!).findByRole('button', { name: 'Open record' });
    expect(within(answered!).queryByRole('button', { name: 'Open record' })).toBeNull();
    fireEvent.click(open);
    await waitFor(() => expect(sent).toEqual([{ type: 'openRecord', payload: { uniqueId: RINGING.uniqueId } }]));
  });
});
