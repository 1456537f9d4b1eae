import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { IDENTITY_TYPES } from '../../src/shared/protocol.ts';

type Messages = Record<string, { message: string; description?: string }>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function readMessages(lang: string): Messages {
  return JSON.parse(readFileSync(join(ROOT, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Messages;
}

const en = readMessages('en');
const cs = readMessages('cs');
const enKeys = Object.keys(en);
const csKeys = Object.keys(cs);

/** Every .ts/.tsx file under src/, with its text. */
function sources(): { file: string; text: string }[] {
  const dir = join(ROOT, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => ({ file: f, text: withoutComments(readFileSync(join(dir, f), 'utf8')) }));
}

/** Block comments and whole-line // comments: a key named in prose is not a key the code uses. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const SRC = sources();

/** Every match of `re` in the sources; the key is the last capture group. */
function matchesIn(re: RegExp): { file: string; key: string }[] {
  return SRC.flatMap(({ file, text }) => [...text.matchAll(re)].map((m) => ({ file, key: m[m.length - 1] ?? '' })));
}

/** The string members of a `type Name = 'a' | 'b' | ...;` union in one source file. */
function unionMembers(file: string, typeName: string): string[] {
  const text = SRC.find((s) => s.file.replaceAll('\\', '/') === file)?.text ?? '';
  const start = text.indexOf(`type ${typeName} =`);
  if (start < 0) return [];
  const body = text.slice(start, text.indexOf(';', start));
  return [...body.matchAll(/'([A-Za-z0-9_]+)'/g)].map((m) => m[1] ?? '');
}

function missingFrom(messages: Messages, keys: { file: string; key: string }[]): string[] {
  return keys.filter(({ key }) => !Object.hasOwn(messages, key)).map(({ file, key }) => `${key} (${file})`);
}

describe('locales: en and cs', () => {
  it('have exactly the same keys', () => {
    expect([...csKeys].sort()).toEqual([...enKeys].sort());
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it('use valid message names', () => {
    for (const key of enKeys) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });

  it('have no empty message', () => {
    for (const [lang, messages] of [
      ['en', en],
      ['cs', cs],
    ] as const) {
      for (const [key, entry] of Object.entries(messages)) {
        expect(typeof entry.message, `${lang}.${key}`).toBe('string');
        expect(entry.message.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('cs is a real translation: most messages differ, with Czech diacritics', () => {
    const same = enKeys.filter((k) => en[k]?.message === cs[k]?.message);
    expect(same.length / enKeys.length).toBeLessThan(0.1);
    const diacritics = /[áčďéěíňóřšťúůýž]/i;
    const withDiacritics = csKeys.filter((k) => diacritics.test(cs[k]?.message ?? ''));
    expect(withDiacritics.length).toBeGreaterThan(csKeys.length / 2);
    expect(enKeys.filter((k) => diacritics.test(en[k]?.message ?? ''))).toEqual([]);
  });

  it('use the same placeholders ($1…) in both languages', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\$\d+|\$[A-Za-z_]+\$/g) ?? [])].sort();
    for (const key of enKeys) {
      expect(placeholders(cs[key]?.message ?? ''), key).toEqual(placeholders(en[key]?.message ?? ''));
    }
    // The messages that take a substitution do have one.
    for (const key of [
      'stateConnectedLine',
      'retryIn',
      'errPbxRefused',
      'errInternal',
      'notifLine',
      'notifQueue',
      'errLoginRejected',
    ]) {
      expect(en[key]?.message, key).toContain('$1');
    }
  });
});

describe('locales: every key the code uses exists in en and cs', () => {
  it('finds the sources', () => {
    expect(SRC.length).toBeGreaterThan(10);
    expect(SRC.some((s) => s.file.endsWith('notifier.ts'))).toBe(true);
  });

  it("literal t('key') and t(`key`) calls", () => {
    const quoted = matchesIn(/\bt\(\s*'([A-Za-z0-9_]+)'/g);
    const template = matchesIn(/\bt\(\s*`([A-Za-z0-9_]+)`/g); // a template without ${…}
    const all = [...quoted, ...template];
    expect(all.length).toBeGreaterThan(30);
    expect(missingFrom(en, all)).toEqual([]);
    expect(missingFrom(cs, all)).toEqual([]);
  });

  it('keys built from a template: optIdentity_<type>', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of the template is what is looked for
    expect(SRC.some((s) => s.text.includes('optIdentity_${type}'))).toBe(true);
    for (const type of IDENTITY_TYPES) {
      expect(Object.hasOwn(en, `optIdentity_${type}`), type).toBe(true);
      expect(Object.hasOwn(cs, `optIdentity_${type}`), type).toBe(true);
    }
  });

  it("errorReply('…'), RequestError('…') and NotConnectedError('…') codes", () => {
    const codes = [
      ...matchesIn(/errorReply\(\s*'([A-Za-z0-9_]+)'/g),
      ...matchesIn(/RequestError\(\s*'([A-Za-z0-9_]+)'/g),
      ...matchesIn(/NotConnectedError\(\s*'([A-Za-z0-9_]+)'/g),
    ];
    expect(codes.length).toBeGreaterThan(5);
    expect(missingFrom(en, codes)).toEqual([]);
    expect(missingFrom(cs, codes)).toEqual([]);
  });

  it('every StatusReason and ConfigProblem, and the other reasons a send can fail with', () => {
    const reasons = unionMembers('shared/status.ts', 'StatusReason');
    const problems = unionMembers('shared/settings.ts', 'ConfigProblem');
    expect(problems).toEqual(['cfgNoUrl', 'cfgBadUrl', 'cfgNoAuth', 'cfgNoIdentity', 'cfgBadIdentity']);
    expect(reasons.length).toBeGreaterThan(5);
    const all = [...reasons, ...problems, 'reasonNotConnected', 'reasonTimedOut'].map((key) => ({
      file: 'status',
      key,
    }));
    expect(missingFrom(en, all)).toEqual([]);
    expect(missingFrom(cs, all)).toEqual([]);
  });

  it('every quoted literal that looks like a message key (err…, reason…, cfg…, state…, notif…, opt…, direction…, import…, ipbxContacts…, crmErr…, lookup…)', () => {
    const literals = matchesIn(
      /(['"])((?:err|reason|cfg|state|notif|opt|direction|import|ipbxContacts|crmErr|lookup)[A-Z][A-Za-z0-9_]*)\1/g,
    );
    expect(literals.length).toBeGreaterThan(40);
    // A plural base ('importDone' for plural()) stands for its forms: importDone_one … importDone_other.
    const keys = literals.filter(({ key }) => !Object.hasOwn(en, `${key}_other`));
    expect(missingFrom(en, keys)).toEqual([]);
    expect(missingFrom(cs, keys)).toEqual([]);
  });
});
