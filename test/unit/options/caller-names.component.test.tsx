// @vitest-environment happy-dom
/**
 * The options page (src/options/Options.tsx) with a fake background (options/harness.tsx). Caller names: each source's
 * state, the priority order, Refresh, CRM lookup URLs and their permission, and settings an administrator locked.
 */
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Message } from '../../../src/shared/messages.ts';
import { SETTINGS_KEY } from '../../../src/shared/settings.ts';
import { input, renderOptions, save, sent, stored, STORED_V1 } from './harness.tsx';

describe('options page: caller names', () => {
  const STATUS = {
    file: { count: 1234, updatedAt: Date.UTC(2026, 11, 2, 9, 30), fileName: 'kontakty.csv' },
    ipbx: {
      count: 0,
      lastAttempt: { at: Date.UTC(2026, 11, 2, 10), error: { code: 'ipbxContactsErrDenied', detail: '401' } },
    },
    user: { count: 2 },
    crm: {
      lastAttempt: { at: Date.UTC(2026, 11, 2, 11), error: { code: 'crmErrTimeout', detail: 'https://crm.example' } },
    },
    building: [],
  };

  let requested: string[][];
  beforeEach(() => {
    requested = [];
    // The fake has no permissions API: contains and request as the browser answers them (nothing granted).
    const permissions = fakeBrowser.permissions as unknown as {
      contains: (p: { origins?: string[] }) => Promise<boolean>;
      request: (p: { origins?: string[] }) => Promise<boolean>;
    };
    vi.spyOn(permissions, 'contains').mockImplementation(async () => false);
    vi.spyOn(permissions, 'request').mockImplementation(async (p) => {
      requested.push(p.origins ?? []);
      return false;
    });
  });

  function answerStatus(status: unknown = STATUS): void {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: unknown) => {
      const message = m as Message;
      sent.push(message);
      if (message.type === 'contactsStatus' || message.type === 'contactsRefresh') return { ok: true, value: status };
      return { ok: true, value: null };
    }) as unknown as typeof fakeBrowser.runtime.sendMessage);
  }

  it("shows each source's state: the file's count and name, a failed iPBX fetch and CRM lookup in words", async () => {
    answerStatus();
    await renderOptions();
    const section = screen.getByRole('group', { name: 'Caller names' });
    await waitFor(() =>
      expect(within(section).getByText(/Imported contacts: 1,234 \(from kontakty\.csv/)).toBeTruthy(),
    );
    expect(within(section).getByText('The iPBX refused the contact list (HTTP 401): sign in again.')).toBeTruthy();
    expect(within(section).getByText('You named 2 numbers (in recent calls: Name this number).')).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Remove imported contacts' })).toBeTruthy();
    const lookup = screen.getByRole('group', { name: 'CRM lookup' });
    expect(
      within(lookup).getByText(/The CRM at https:\/\/crm\.example did not answer within 3 seconds\./),
    ).toBeTruthy();
  });

  it('the priority order moves with the buttons and is saved with the settings', async () => {
    answerStatus();
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Move up: Imported file' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move up: Imported file' }));
    const order = screen.getByRole('list', { name: 'When sources disagree' });
    expect(
      within(order)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace(/[↑↓]/g, '')),
    ).toEqual(['Names you gave numbers', 'Imported file', 'CRM lookup', 'iPBX contact list']);
    fireEvent.click(screen.getByLabelText('CRM lookup'));
    fireEvent.input(input('contactsIpbxUrl'), { target: { value: 'https://pbx.example.com/api/contacts' } });
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const saved = (await stored()) as { contacts: unknown };
    expect(saved.contacts).toEqual({
      ipbxUrl: 'https://pbx.example.com/api/contacts',
      sources: { user: true, crm: false, ipbx: true, file: true },
      order: ['user', 'file', 'crm', 'ipbx'],
    });
  });

  it('Refresh asks the background to fetch the iPBX list now and shows its outcome', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { ...STORED_V1, contacts: { ipbxUrl: 'https://pbx.example.com/api/contacts' } },
    });
    answerStatus({ ...STATUS, ipbx: { count: 14, updatedAt: Date.UTC(2026, 11, 2, 12), lastAttempt: { at: 5 } } });
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(sent.some((m) => m.type === 'contactsRefresh')).toBe(true));
    expect(await screen.findByText(/^Contacts: 14, last changed/)).toBeTruthy();
  });

  it('a lookup URL that would send the name is refused with a clear sentence, and nothing is saved', async () => {
    answerStatus();
    await renderOptions();
    fireEvent.input(input('lookupUrl'), { target: { value: 'https://crm.example/?q={e164}&who={name}' } });
    save();
    expect(
      await screen.findByText(
        "The CRM lookup may use only {number}, {e164}, {line}, {queue} and {uniqueId}: it asks for the caller's name, so it cannot send one.",
      ),
    ).toBeTruthy();
    expect((await stored()) as unknown).toEqual(STORED_V1);
  });

  it("saving a CRM lookup asks for that origin's permission only; refused, it still saves and offers it again", async () => {
    answerStatus();
    await renderOptions();
    fireEvent.input(input('lookupUrl'), { target: { value: 'https://crm.example:8443/api?phone={e164}' } });
    expect(await screen.findByText(/sent without your cookies for https:\/\/crm\.example:8443\/\*/)).toBeTruthy();
    save();
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(requested).toEqual([['https://crm.example:8443/*']]);
    expect(((await stored()) as { callerLookup: unknown }).callerLookup).toEqual({
      urlTemplate: 'https://crm.example:8443/api?phone={e164}',
      fields: { name: 'name', company: 'company', url: 'url' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Allow access to this site' }));
    await waitFor(() => expect(requested).toHaveLength(2));
  });

  it("an administrator's contact list URL and CRM lookup are shown locked", async () => {
    answerStatus();
    await fakeBrowser.storage.managed.set({
      contacts: { ipbxUrl: 'https://policy.example/api/contacts' },
      callerLookup: { urlTemplate: 'https://crm.policy.example/?q={e164}' },
    });
    await renderOptions();
    await waitFor(() => expect(input('contactsIpbxUrl').value).toBe('https://policy.example/api/contacts'));
    expect(input('contactsIpbxUrl').disabled).toBe(true);
    expect(input('lookupUrl').value).toBe('https://crm.policy.example/?q={e164}');
    expect(input('lookupUrl').disabled).toBe(true);
    expect(input('lookupField-name').disabled).toBe(false);
  });
});
