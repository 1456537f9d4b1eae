// @vitest-environment happy-dom
/**
 * The call panel (src/popup/App.tsx and its parts) rendered with a fake background (popup/harness.tsx). Caller names:
 * in call items and recent calls, as text only, the dial box's suggestions, naming a number, and a record the screen
 * pop held back.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { ANSWERED, callItems, NOW, renderWith, RINGING, snapshot, stubSendMessage } from './harness.tsx';

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
