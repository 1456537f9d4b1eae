// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). Test connection: the
 * attempt's outcome, the dialect that answers at the URL, and failures in words.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Message } from '../../../src/shared/messages.ts';
import { answerWith, renderOptions, sent, stored } from './harness.tsx';

describe('options page: Test connection', () => {
  const answerReconnect = answerWith;

  it('shows the outcome of the attempt: connected with the line', async () => {
    answerReconnect({ state: 'connected', line: '444', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result').textContent).toBe('Connected, line 444'));
    expect(screen.getByTestId('test-result').className).toBe('ok');
    expect(sent.at(-1)).toEqual({ type: 'reconnect', payload: null });
  });

  it('when the attempt fails, says which dialect answers at the URL and offers to switch to it', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      sent.push(m as Message);
      const type = (m as Message).type;
      if (type === 'reconnect')
        return { ok: true, value: { state: 'disconnected', reason: 'reasonHandshakeTimeout', since: 0 } };
      if (type === 'probeDialects')
        return {
          ok: true,
          value: {
            url: 'wss://pbx.example.com/ws',
            answered: [{ dialect: 'socket.io', url: 'wss://pbx.example.com/socket.io/' }],
          },
        };
      return { ok: true, value: null };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toContain(
        'At wss://pbx.example.com/socket.io/ the iPBX answers over Socket.IO, not over the dialect set here.',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Switch to Socket.IO' }));
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ transport: 'socket.io', pbxUrl: 'wss://pbx.example.com/socket.io/' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toBe('Switched to Socket.IO and saved.'),
    );
    expect((document.getElementById('transport') as HTMLSelectElement).value).toBe('socket.io');
  });

  it('when connected, names the dialect without probing', async () => {
    answerReconnect({ state: 'connected', line: '444', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('dialect-result').textContent).toBe('Connected over WebSocket (JSON frames).'),
    );
    expect(sent.map((m) => m.type)).not.toContain('probeDialects');
  });

  it('shows a failure with its human reason', async () => {
    answerReconnect({ state: 'auth-failed', reason: 'reasonAuthRejected', detail: 'invalid token', since: 0 });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result').className).toBe('field-error'));
    expect(screen.getByTestId('test-result').textContent).toMatch(/invalid token/);
  });
});
