// @vitest-environment happy-dom
/**
 * The call panel (src/popup/App.tsx and its parts) rendered with a fake background (popup/harness.tsx). The dial box:
 * what will be dialled (by the administrator's policy), Call, and an invalid number.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { renderWith, snapshot, stubSendMessage } from './harness.tsx';

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
