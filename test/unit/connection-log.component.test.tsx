// @vitest-environment happy-dom
/**
 * The options page's "Connection log" (src/options/ConnectionLog.tsx): the port opens only while the section is open,
 * entries show newest first in a table with headings, "Pause updates" holds new ones back, Copy and Download give the
 * log as JSON, and only what the user did is announced.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionLog, logDocument } from '../../src/options/ConnectionLog.tsx';
import { CONNECTION_LOG_PORT, type LogEntry, type LogPortMessage } from '../../src/shared/connection-log.ts';

type Listener = (message: unknown) => void;

interface OpenPort {
  name: string;
  post(message: LogPortMessage): void;
  disconnected: boolean;
}

let ports: OpenPort[];

beforeEach(() => {
  fakeBrowser.reset();
  ports = [];
  const connect = (info?: { name?: string }) => {
    const listeners: Listener[] = [];
    const open: OpenPort = {
      name: info?.name ?? '',
      post: (m) => {
        for (const l of listeners) l(m);
      },
      disconnected: false,
    };
    ports.push(open);
    return {
      name: open.name,
      onMessage: { addListener: (fn: Listener) => listeners.push(fn), removeListener: () => undefined },
      onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
      postMessage: () => undefined,
      disconnect: () => {
        open.disconnected = true;
      },
    };
  };
  (fakeBrowser.runtime as unknown as { connect: typeof connect }).connect = connect;
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const entry = (seq: number, kind: LogEntry['kind'], text: string): LogEntry => ({
  seq,
  at: Date.UTC(2026, 11, 3, 9, 0, seq),
  kind,
  text,
  ...(kind === 'in' || kind === 'out' ? { dialect: 'socket.io' as const } : {}),
});

function rows(): string[][] {
  return within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent ?? ''),
    );
}

describe('ConnectionLog', () => {
  it('opens its port only while the section is open, and closes it when hidden', () => {
    render(<ConnectionLog />);
    expect(ports).toEqual([]);
    const toggle = screen.getByRole('button', { name: 'Show the log' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(ports.map((p) => p.name)).toEqual([CONNECTION_LOG_PORT]);
    expect(screen.getByRole('button', { name: 'Hide the log' }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Hide the log' }));
    expect(ports[0]?.disconnected).toBe(true);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the entries newest first under column headings, with direction and dialect', async () => {
    render(<ConnectionLog />);
    fireEvent.click(screen.getByRole('button', { name: 'Show the log' }));
    ports[0]?.post({
      type: 'all',
      entries: [
        entry(1, 'status', 'Connecting… (socket.io)'),
        entry(2, 'out', '["auth",{"token":"***"}]'),
        entry(3, 'in', '["auth",{"status":"ok"}]'),
      ],
    });
    await screen.findByRole('table');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Time',
      'Direction',
      'Frame or event',
    ]);
    expect(rows().map((r) => [r[1], r[2]])).toEqual([
      ['← in socket.io', '["auth",{"status":"ok"}]'],
      ['→ out socket.io', '["auth",{"token":"***"}]'],
      ['status', 'Connecting… (socket.io)'],
    ]);
    ports[0]?.post({ type: 'added', entries: [entry(3, 'in', 'dup'), entry(4, 'in', '["pong"]')] });
    await vi.waitFor(() => expect(rows()).toHaveLength(4));
    expect(rows()[0]?.[2]).toBe('["pong"]');
    expect(screen.getByText('Entries: 4, newest first.')).toBeTruthy();
  });

  it('"Pause updates" holds new entries back until resumed', async () => {
    render(<ConnectionLog />);
    fireEvent.click(screen.getByRole('button', { name: 'Show the log' }));
    ports[0]?.post({ type: 'all', entries: [entry(1, 'status', 'Connected')] });
    await screen.findByRole('table');
    const pause = screen.getByRole('button', { name: 'Pause updates' });
    fireEvent.click(pause);
    expect(pause.getAttribute('aria-pressed')).toBe('true');
    ports[0]?.post({ type: 'added', entries: [entry(2, 'in', 'later')] });
    await new Promise((r) => setTimeout(r, 20));
    expect(rows()).toHaveLength(1);
    fireEvent.click(pause);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('Copy and Download give the log as JSON, newest first, and say so', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      blobs.push(b as Blob);
      return 'blob:log';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    render(<ConnectionLog />);
    fireEvent.click(screen.getByRole('button', { name: 'Show the log' }));
    ports[0]?.post({ type: 'all', entries: [entry(1, 'status', 'Connected'), entry(2, 'in', '{"event":"pong"}')] });
    await screen.findByRole('table');

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const copied = JSON.parse(writeText.mock.calls[0]?.[0] ?? '') as { version: string; entries: LogEntry[] };
    expect(copied.version).toBe('0.1.0');
    expect(copied.entries.map((e) => e.seq)).toEqual([2, 1]);
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('Copied. Entries: 2.'));

    fireEvent.click(screen.getByRole('button', { name: 'Download (JSON)' }));
    expect(clicked[0]?.download).toMatch(/^ipbx-connection-log-.*\.json$/);
    expect(blobs[0]?.type).toBe('application/json');
    expect(JSON.parse((await blobs[0]?.text()) ?? '')).toMatchObject({ entries: [{ seq: 2 }, { seq: 1 }] });
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('Downloaded. Entries: 2.'));
  });

  it('ignores what is not a log message', async () => {
    render(<ConnectionLog />);
    fireEvent.click(screen.getByRole('button', { name: 'Show the log' }));
    ports[0]?.post({ type: 'all', entries: [{ seq: 'x' }] } as never);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByText('Nothing logged yet.')).toBeTruthy();
  });

  it('logDocument adds ISO times', () => {
    const doc = JSON.parse(logDocument([entry(1, 'status', 'x')], '1.2.3')) as { entries: { time: string }[] };
    expect(doc.entries[0]?.time).toBe('2026-12-03T09:00:01.000Z');
  });
});
