// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { placeCall } from '../../src/popup/place-call.ts';
import { ResultMessage } from '../../src/popup/ResultMessage.tsx';
import { planDial } from '../../src/shared/dial-rules.ts';
import { migrateSettings } from '../../src/shared/settings.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ResultMessage', () => {
  it('a success is a status with the class "ok"', () => {
    const { container } = render(<ResultMessage result={{ ok: true, text: 'Done.' }} />);
    const p = screen.getByRole('status');
    expect(p.tagName).toBe('P');
    expect(p.className).toBe('ok');
    expect(p.textContent).toBe('Done.');
    expect(container.innerHTML).toBe('<p class="ok" role="status">Done.</p>');
  });

  it('a failure is an alert with the class "error"', () => {
    const { container } = render(<ResultMessage result={{ ok: false, text: 'The iPBX is not connected.' }} />);
    expect(screen.getByRole('alert').textContent).toBe('The iPBX is not connected.');
    expect(container.innerHTML).toBe('<p class="error" role="alert">The iPBX is not connected.</p>');
  });

  it('nothing at all when there is no result', () => {
    const { container } = render(<ResultMessage result={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('placeCall', () => {
  const settings = migrateSettings({ defaultCountry: 'CZ', internationalPrefix: '00' });

  function stubReply(reply: unknown) {
    const sent: unknown[] = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      sent.push(m);
      return reply;
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
    return sent;
  }

  it('sends originate with the dial string and says the phone is ringing, naming the number', async () => {
    const sent = stubReply({ ok: true, value: { uniqueId: 'new' } });
    const result = await placeCall(planDial('+44 20 7946 0958', settings, { allowInternal: true }));
    expect(sent).toEqual([{ type: 'originate', payload: { to: '00442079460958' } }]);
    expect(result).toEqual({ ok: true, text: 'Your phone is ringing; pick it up to call +44 20 7946 0958.' });
  });

  it("shows the background's error text when the call is refused", async () => {
    stubReply({ ok: false, error: { code: 'errNotConnected', message: 'The iPBX is not connected.' } });
    expect(await placeCall(planDial('445', settings, { allowInternal: true }))).toEqual({
      ok: false,
      text: 'The iPBX is not connected.',
    });
  });

  it('an invalid number is refused without asking the background', async () => {
    const sent = stubReply({ ok: true, value: {} });
    expect(await placeCall(planDial('nonsense', settings, { allowInternal: true }))).toEqual({
      ok: false,
      text: 'This is not a number that can be dialled.',
    });
    expect(sent).toEqual([]);
  });
});
