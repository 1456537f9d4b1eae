/**
 * The registry's declarations (src/shared/storage/items.ts, decoders.ts, define-item.ts): every item's key and area,
 * defaults, what invalid data reads as and why, migrations, and the managed fields with the policy merged on top.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { applyManaged, DEFAULT_SETTINGS, MANAGED_KEYS, migrateSettings } from '../../src/shared/settings.ts';
import { decodeItem, defineItem } from '../../src/shared/storage/define-item.ts';
import { fields, managed, managedPaths, value, type ManagedPaths } from '../../src/shared/storage/decoders.ts';
import { ITEMS, SETTINGS_FIELDS, type ManagedKey } from '../../src/shared/storage/items.ts';

const ROOT = new URL('../../', import.meta.url);

describe('the list of items', () => {
  it('names every key as the contracts and earlier versions do, each once per area', () => {
    const where = Object.fromEntries(
      Object.entries(ITEMS).map(([name, item]) => [
        name,
        `${typeof item.area === 'string' ? item.area : `indexedDb ${item.area.database}/${item.area.store}`}: ${item.key ?? '*'}`,
      ]),
    );
    expect(where).toEqual({
      settings: 'local: settings',
      policy: 'managed: *',
      recentCalls: 'local: recentCalls',
      legacyRestTokens: 'local: restTokens',
      restTokens: 'indexedDb ipbx-secrets/secrets: restTokens',
      callState: 'session: callState',
      consultations: 'session: consultations',
      screenPopped: 'session: screenPopped',
      screenPopTabs: 'session: screenPopTabs',
      connectionLog: 'session: connectionLog',
      screenPopHeld: 'session: screenPopHeld',
      panelWindowId: 'session: panelWindowId',
      fileContacts: 'indexedDb ipbx-contacts/contacts: file',
      ipbxContacts: 'indexedDb ipbx-contacts/contacts: ipbx',
      userContacts: 'indexedDb ipbx-contacts/contacts: user',
      contactSourceStatus: 'session: contactSourceStatus',
      panelWindowBounds: 'local: panelWindowBounds',
      missedSeenAt: 'local: missedSeenAt',
      pageFeedFrames: 'session: pageFeedFrames',
    });
    expect(new Set(Object.values(where)).size).toBe(Object.keys(where).length);
  });

  it('reads nothing stored (undefined, or null as the fake reports a removal) as the default, without a reason', () => {
    for (const item of Object.values(ITEMS)) {
      for (const raw of [undefined, null]) {
        const { value: read, reasons } = decodeItem<unknown>(item, raw);
        expect(read).toEqual(item.schema.fallback);
        expect(reasons).toEqual([]);
      }
    }
  });

  it('hands out copies of the defaults, which stay frozen', () => {
    const list = decodeItem(ITEMS.recentCalls, undefined).value;
    list.push({
      uniqueId: '1',
      direction: 'incoming',
      number: '1',
      startedAt: 0,
      endedAt: 0,
      answered: false,
      durationMs: 0,
    });
    expect(ITEMS.recentCalls.schema.fallback).toEqual([]);
    expect(Object.isFrozen(ITEMS.recentCalls.schema.fallback)).toBe(true);
    expect(Object.isFrozen(ITEMS.screenPopTabs.schema.fallback)).toBe(true);
  });
});

describe('invalid stored data', () => {
  it('reads as the default, with a reason that names the place and never the stored value', () => {
    const { value: read, reasons } = decodeItem(ITEMS.restTokens, {
      restUrl: 'https://pbx/api',
      accessToken: 'secret-access',
      refreshToken: 42,
    });
    expect(read).toBeNull();
    expect(reasons).toEqual(['restTokens.refreshToken: expected string']);
    expect(reasons.join()).not.toContain('secret-access');
  });

  it('settings: a field of the wrong type reads as its default and says so; the rest is kept, unknown fields dropped', () => {
    const { value: read, reasons } = decodeItem(ITEMS.settings, {
      version: 2,
      pbxUrl: 'wss://pbx/ws',
      token: 12345,
      identityType: 'phone',
      screenPop: { enabled: 'yes', urlTemplate: 'https://crm/?q={number}' },
      someOtherTool: 'kept by nobody',
    });
    expect(read).toEqual({
      ...DEFAULT_SETTINGS,
      pbxUrl: 'wss://pbx/ws',
      screenPop: { ...DEFAULT_SETTINGS.screenPop, urlTemplate: 'https://crm/?q={number}' },
    });
    expect(reasons).toEqual([
      'settings.token: expected string',
      'settings.identityType: expected ("login" | "line" | "email")',
      'settings.screenPop.enabled: expected boolean',
    ]);
    expect(reasons.join()).not.toContain('12345');
  });

  it('settings that are not an object at all read as the defaults, with a reason', () => {
    const { value: read, reasons } = decodeItem(ITEMS.settings, 'settings');
    expect(read).toEqual(DEFAULT_SETTINGS);
    expect(reasons).toEqual(['settings: expected Object']);
  });

  it('a list keeps its valid entries and says which it dropped', () => {
    const good = {
      uniqueId: 'a',
      direction: 'incoming',
      number: '777',
      startedAt: 1,
      endedAt: 2,
      answered: true,
      durationMs: 1,
    };
    const { value: read, reasons } = decodeItem(ITEMS.recentCalls, [
      good,
      { ...good, uniqueId: 'b', direction: 'sideways' },
      'x',
      { ...good, uniqueId: 'c' },
    ]);
    expect(read.map((c) => c.uniqueId)).toEqual(['a', 'c']);
    expect(reasons).toEqual([
      'dropped recentCalls[1].direction: expected ("incoming" | "outgoing" | "incomingLocal" | "outgoingLocal")',
      'dropped recentCalls[2]: expected Object',
    ]);
    expect(decodeItem(ITEMS.consultations, { uniqueId: '1' }).reasons).toEqual(['consultations: expected Array']);
  });

  it('the call state keeps its shared form: a JSON string, or the object earlier versions stored', () => {
    expect(decodeItem(ITEMS.callState, '{"calls":{},"ended":{}}').value).toBe('{"calls":{},"ended":{}}');
    expect(decodeItem(ITEMS.callState, { calls: {}, ended: { x: 1 } }).value).toEqual({ calls: {}, ended: { x: 1 } });
    const bad = decodeItem(ITEMS.callState, 42);
    expect(bad.value).toBeNull();
    expect(bad.reasons).toHaveLength(1);
  });
});

describe('migrations', () => {
  it('settings: version 0 (no version) and version 1 become version 2 with the screen pop off', () => {
    for (const stored of [{ pbxUrl: 'wss://a/ws' }, { version: 1, pbxUrl: 'wss://a/ws' }]) {
      const { value: read, reasons } = decodeItem(ITEMS.settings, stored);
      expect(read).toEqual({ ...DEFAULT_SETTINGS, pbxUrl: 'wss://a/ws' });
      expect(reasons).toEqual([]);
    }
    // A hand-written version-1 object that already has a screen pop keeps it.
    expect(
      migrateSettings({ version: 1, screenPop: { enabled: true, urlTemplate: 'https://crm/{number}' } }).screenPop
        .enabled,
    ).toBe(true);
  });

  it('settings from a newer version are read as far as this version knows them, and the version says why', () => {
    const { value: read, reasons } = decodeItem(ITEMS.settings, { version: 3, pbxUrl: 'wss://a/ws', newField: 1 });
    expect(read).toEqual({ ...DEFAULT_SETTINGS, pbxUrl: 'wss://a/ws' });
    expect(reasons).toEqual(['settings.version: expected 2']);
  });

  const counter = defineItem({
    area: 'local',
    key: 'counter',
    schema: value(v.object({ version: v.literal(3), count: v.number() }), { version: 3, count: 0 }),
    version: {
      current: 3,
      of: (raw) =>
        typeof raw === 'number'
          ? 1
          : typeof raw === 'object' && raw !== null && 'version' in raw && raw.version === 2
            ? 2
            : 0,
      steps: {
        2: (n) => ({ version: 2, n }),
        3: (old) => {
          if (typeof old !== 'object' || old === null || !('n' in old)) throw new Error('cannot');
          return { version: 3, count: old.n };
        },
      },
    },
  });

  it('runs each step from the stored version up to the current one, in order', () => {
    expect(decodeItem(counter, 7)).toEqual({ value: { version: 3, count: 7 }, reasons: [] });
    expect(decodeItem(counter, { version: 2, n: 5 })).toEqual({ value: { version: 3, count: 5 }, reasons: [] });
  });

  it('a version with no step, or a step that throws, reads as the default with a reason', () => {
    expect(decodeItem(counter, { anything: true })).toEqual({
      value: { version: 3, count: 0 },
      reasons: ['counter: no migration from version 0'],
    });
    expect(decodeItem(counter, { version: 2 })).toEqual({
      value: { version: 3, count: 0 },
      reasons: ['counter: migration to version 3 failed (Error)'],
    });
  });
});

describe('managed fields and the policy', () => {
  it('are the fields public/managed_schema.json offers to administrators', () => {
    type Property = { properties?: Record<string, Property> };
    const schema = JSON.parse(readFileSync(new URL('public/managed_schema.json', ROOT), 'utf8')) as Property;
    // An object property is one managed key (screenPop) or holds managed keys of its own (contacts.ipbxUrl).
    const policyPaths = (properties: Record<string, Property>, prefix: string): string[] =>
      Object.entries(properties).flatMap(([name, p]) =>
        p.properties && !(MANAGED_KEYS as readonly string[]).includes(prefix + name)
          ? policyPaths(p.properties, `${prefix}${name}.`)
          : [prefix + name],
      );
    expect([...MANAGED_KEYS].sort()).toEqual(policyPaths(schema.properties ?? {}, '').sort());
    // A whole managed object: its policy entry lists every field of it.
    expect(Object.keys(schema.properties?.screenPop?.properties ?? {}).sort()).toEqual(
      Object.keys(SETTINGS_FIELDS.fields.screenPop.fields).sort(),
    );
  });

  it('the policy wins and locks; a policy value of the wrong type falls back to the default, still locked', () => {
    const user = migrateSettings({
      pbxUrl: 'wss://mine/ws',
      token: 'mine',
      restUrl: 'https://mine/api',
      internationalPrefix: '+',
    });
    const { settings, locked } = applyManaged(user, {
      pbxUrl: 'wss://policy/ws',
      restUrl: 42,
      token: 'ignored',
      unknownPolicy: 1,
    });
    expect(locked).toEqual(['pbxUrl', 'restUrl']);
    expect(settings).toEqual({ ...user, pbxUrl: 'wss://policy/ws', restUrl: '' });
    expect(applyManaged(user, {})).toEqual({ settings: user, locked: [] });
    expect(applyManaged(user, 'garbage')).toEqual({ settings: user, locked: [] });
  });

  it("a whole managed object (screenPop) replaces the user one: missing fields take their defaults, not the user's", () => {
    const user = migrateSettings({
      screenPop: { enabled: true, urlTemplate: 'https://mine/{number}', reuseTab: false },
    });
    const { settings, locked } = applyManaged(user, { screenPop: { urlTemplate: 'https://crm/{e164}' } });
    expect(locked).toEqual(['screenPop']);
    expect(settings.screenPop).toEqual({ ...DEFAULT_SETTINGS.screenPop, urlTemplate: 'https://crm/{e164}' });
  });

  it('a nested table can manage single fields: their dot paths are the locked keys', () => {
    const table = fields({
      name: text(),
      contacts: fields({ ipbxUrl: managed(text()), pageSize: value(v.number(), 50) }),
      proxy: managed(fields({ host: text(), port: value(v.number(), 8080) })),
    });
    const paths: ManagedPaths<typeof table.fields>[] = managedPaths(table);
    expect(paths).toEqual(['contacts.ipbxUrl', 'proxy']);
    // The type says the same: `name` or `contacts.pageSize` would not compile here.
    const typed: ManagedKey[] = ['pbxUrl', 'screenPop'];
    expect(typed).toHaveLength(2);
  });
});

function text() {
  return value(v.pipe(v.string(), v.trim()), '');
}
