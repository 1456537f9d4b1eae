// @vitest-environment happy-dom
/**
 * The confirm page (src/confirm/Confirm.tsx), in the small window of ours no page can draw on: the number as dialled,
 * its type, the site; Cancel has the focus, Call works only after a moment; the answer goes to the background.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARM_MS, Confirm } from '../../src/confirm/Confirm.tsx';
import type { GuardView } from '../../src/shared/call-guard.ts';
import type { Message, MessageType, Reply } from '../../src/shared/messages.ts';
import { premiumView } from '../support/guard-view.ts';

const VIEW: GuardView = premiumView({
  reasons: ['Calls to this type of number may cost more, or reach a service instead of a person.'],
  expiresAt: Date.now() + 60_000,
});

function stub(details: Reply<'guardDetails'>, answer: Reply<MessageType> = { ok: true, value: null }) {
  const sent: Message[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
    sent.push(m as Message);
    return (m as Message).type === 'guardDetails' ? details : answer;
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  return sent;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('confirm page', () => {
  it('shows the number as dialled, its type, the site and why; Cancel has the focus; Call is armed after a moment', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const sent = stub({ ok: true, value: VIEW });
    const close = vi.fn();
    render(<Confirm id="c-1" close={close} />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Call 900 123 456?');
    expect(document.querySelector('h1 bdi')?.getAttribute('dir')).toBe('ltr');
    expect([...document.querySelectorAll('dd')].map((d) => d.textContent)).toEqual([
      '900123456',
      'Premium-rate number',
      'crm.example.com',
    ]);
    expect(screen.getByRole('listitem').textContent).toContain('may cost more');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const call = screen.getByRole('button', { name: 'Call' }) as HTMLButtonElement;
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    expect(call.disabled).toBe(true);
    await act(() => {
      vi.advanceTimersByTime(ARM_MS);
    });
    expect(call.disabled).toBe(false);
    fireEvent.click(call);
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(sent).toEqual([
      { type: 'guardDetails', payload: { id: 'c-1' } },
      { type: 'guardAnswer', payload: { id: 'c-1', call: true } },
    ]);
  });

  it('Cancel answers no', async () => {
    const sent = stub({ ok: true, value: VIEW });
    const close = vi.fn();
    render(<Confirm id="c-2" close={close} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(sent.at(-1)).toEqual({ type: 'guardAnswer', payload: { id: 'c-2', call: false } });
  });

  it('counts down, and says when it has expired', async () => {
    let now = Date.now();
    stub({ ok: true, value: { ...VIEW, expiresAt: now + 2_500 } });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(<Confirm id="c-3" close={vi.fn()} now={() => now} />);
    expect(await screen.findByText('This request expires in 3 s.')).toBeTruthy();
    now += 3_000;
    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This confirmation has expired or was already answered; nothing was dialled.',
    );
    expect(screen.queryByRole('button', { name: 'Call' })).toBeNull();
  });

  it('an id the background does not know (expired, answered, another window’s) shows why, and only Close', async () => {
    stub({ ok: false, error: { code: 'errNotAllowed', message: 'This request is not allowed from here.' } });
    render(<Confirm id="nope" close={vi.fn()} />);
    expect((await screen.findByRole('alert')).textContent).toBe('This request is not allowed from here.');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Close']);
  });

  it('an announced call (Firefox): Cancel the call ends it, Close leaves it', async () => {
    const sent = stub({
      ok: true,
      value: { ...VIEW, kind: 'announce', number: '777 888 999', reasons: [], expiresAt: null },
    });
    const close = vi.fn();
    render(<Confirm id="a-1" close={close} />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Calling 777 888 999');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Cancel the call', 'Close']);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the call' }));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(sent.at(-1)).toEqual({ type: 'guardAnswer', payload: { id: 'a-1', call: false } });
  });
});
