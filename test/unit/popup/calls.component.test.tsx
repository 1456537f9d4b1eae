// @vitest-environment happy-dom
/**
 * The call panel (src/popup/App.tsx and its parts) rendered with a fake background (popup/harness.tsx). The calls: each
 * with Hang up and Transfer, a consultation, a long list, an anonymous caller, and call timers.
 */
import { describe, expect, it, vi, afterEach } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { CallTimer } from '../../../src/popup/CallTimer.tsx';
import type { Call } from '../../../src/shared/calls.ts';
import { ANSWERED, callItems, NOW, renderWith, RINGING, snapshot, stubSendMessage } from './harness.tsx';

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
