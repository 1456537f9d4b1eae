/**
 * Message keys are a type derived from public/_locales/en/messages.json (src/shared/i18n.ts): a mistyped key, a plural
 * base without all its forms, or a reply code that is no message does not compile.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import cs from '../../public/_locales/cs/messages.json' with { type: 'json' };
import { plural, t, type MessageKey, type PluralBase } from '../../src/shared/i18n.ts';
import type { ReplyError } from '../../src/shared/messages.ts';
import type { FieldErrors } from '../../src/shared/settings.ts';

afterEach(() => vi.restoreAllMocks());

/** Czech messages and plural rules, as the browser would give them to a Czech user. */
function inCzech(): void {
  const messages: Record<string, { message: string }> = cs;
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('cs');
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key, subs) =>
    (messages[key]?.message ?? '').replace('$1', String([subs ?? ''].flat()[0])),
  );
}

describe('message keys', () => {
  it('a key of the English messages compiles; a mistyped one does not', () => {
    expect(t('recentCalls')).toBe('Recent calls');
    // @ts-expect-error not a message key
    expect(t('recentCall')).toBe('recentCall');
  });

  it('keys built from parts are checked too', () => {
    const type: 'login' | 'line' | 'email' = 'line';
    expect(t(`optIdentity_${type}`)).not.toBe('');
    const kind: string = 'line';
    // @ts-expect-error a key built from any string is not known to exist
    expect(t(`optIdentity_${kind}`)).not.toBe('');
  });

  it('reply codes and field errors are message keys', () => {
    const error: ReplyError = { code: 'errBadRequest', message: '' };
    // @ts-expect-error not a message key
    const wrong: ReplyError = { code: 'errNotConnected', message: '' };
    const fields: FieldErrors = { pbxUrl: 'errPbxUrl' };
    // @ts-expect-error not a message key
    const wrongField: FieldErrors = { pbxUrl: 'errPbxURL' };
    const keys: MessageKey[] = [error.code, fields.pbxUrl ?? 'errPbxUrl'];
    expect(keys).toEqual(['errBadRequest', 'errPbxUrl']);
    expect([wrong, wrongField]).toHaveLength(2);
  });
});

describe('plural', () => {
  it('takes only bases that have every form', () => {
    const bases: PluralBase[] = ['callsCount', 'moreCalls', 'recentCount', 'ringingCount'];
    // @ts-expect-error a message that has no plural forms
    const notPlural: PluralBase = 'recentCalls';
    expect([...bases, notPlural]).toHaveLength(5);
  });

  it('uses the forms of the UI language', () => {
    expect(plural('recentCount', 1)).toBe(t('recentCount_one', '1'));
    expect(plural('recentCount', 5)).toBe(t('recentCount_other', '5'));
    inCzech();
    expect(plural('recentCount', 1)).toBe(cs.recentCount_one.message.replace('$1', '1'));
    expect(plural('recentCount', 3)).toBe(cs.recentCount_few.message.replace('$1', '3'));
    expect(plural('recentCount', 1.5)).toBe(cs.recentCount_many.message.replace('$1', '1.5'));
    expect(plural('recentCount', 7)).toBe(cs.recentCount_other.message.replace('$1', '7'));
  });

  it('a form the language has and we lack (Arabic "two") reads as "other"', () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('ar');
    expect(plural('callsCount', 2)).toBe(t('callsCount_other', '2'));
  });
});
