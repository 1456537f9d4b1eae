// @vitest-environment happy-dom
/**
 * The call panel (src/popup/App.tsx and its parts) rendered with a fake background (popup/harness.tsx). The status line
 * (reason, Retry, a call that could not be placed) and the site switch.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { SETTINGS_KEY } from '../../../src/shared/settings.ts';
import { NOW, renderWith, snapshot, stubSendMessage } from './harness.tsx';

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
