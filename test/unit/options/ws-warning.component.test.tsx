// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). The warning for an
 * unencrypted ws:// URL to another computer.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { SETTINGS_KEY } from '../../../src/shared/settings.ts';
import { input, renderOptions, STORED_V1 } from './harness.tsx';

describe('options page: the ws:// warning', () => {
  const WARNING = 'Warning: ws:// is not encrypted. Use wss:// unless the iPBX is on this computer.';
  const HINT = 'For example wss://pbx.example.com/ws';

  function hint(): string {
    return document.getElementById('pbxUrl-hint')?.textContent ?? '';
  }

  it.each(['ws://192.168.1.10/ws', 'ws://pbx.lan:8080/ws', 'ws://10.0.0.5/ws'])(
    'shows for %s (a LAN host)',
    async (url) => {
      await renderOptions();
      fireEvent.input(input('pbxUrl'), { target: { value: url } });
      await waitFor(() => expect(hint()).toBe(WARNING));
    },
  );

  it.each([
    'ws://localhost:7878/ws',
    'ws://127.0.0.1:7878/ws',
    'ws://[::1]:7878/ws',
    'wss://192.168.1.10/ws',
    'wss://pbx.example.com/ws',
  ])('does not show for %s', async (url) => {
    await renderOptions();
    fireEvent.input(input('pbxUrl'), { target: { value: url } });
    await waitFor(() => expect(input('pbxUrl').value).toBe(url));
    expect(hint()).toBe(HINT);
    expect(screen.queryByText(WARNING)).toBeNull();
  });

  it('shows for a stored ws:// LAN URL as soon as the page opens, and goes away for wss://', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...STORED_V1, pbxUrl: 'ws://192.168.1.10/ws' } });
    await renderOptions();
    expect(hint()).toBe(WARNING);
    fireEvent.input(input('pbxUrl'), { target: { value: 'wss://192.168.1.10/ws' } });
    await waitFor(() => expect(hint()).toBe(HINT));
  });
});
