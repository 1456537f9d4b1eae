import { describe, it, expect } from 'vitest';
import {
  connectionConfig,
  DEFAULT_SETTINGS,
  migrateSettings,
  sameConnection,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  validateSettings,
  type ConnectionConfig,
  type Settings,
} from '../../src/shared/settings.ts';

function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...migrateSettings(undefined), ...overrides };
}

/** A complete, valid configuration with a pasted token. */
const READY = settings({
  pbxUrl: 'wss://pbx.example.com/ws',
  token: 'tok',
  identityType: 'line',
  identityValue: '444',
});

describe('DEFAULT_SETTINGS', () => {
  it('is frozen and has the documented defaults', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(DEFAULT_SETTINGS).toEqual({
      version: 2,
      pbxUrl: '',
      token: '',
      restUrl: '',
      restEmail: '',
      oauthTokenUrl: '',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
      transport: 'websocket',
      identityType: 'login',
      identityValue: '',
      defaultCountry: 'CZ',
      notifications: true,
      enabled: true,
      disabledSites: [],
      internationalPrefix: '00',
      outsideLinePrefix: '',
      screenPop: {
        enabled: false,
        urlTemplate: '',
        when: 'ringing',
        incomingOnly: true,
        skipAnonymous: true,
        skipInternal: true,
        reuseTab: true,
      },
      contacts: {
        ipbxUrl: '',
        sources: { user: true, crm: true, ipbx: true, file: true },
        order: ['user', 'crm', 'ipbx', 'file'],
      },
      callerLookup: { urlTemplate: '', fields: { name: 'name', company: 'company', url: 'url' } },
      panelOnRinging: 'none',
      pageFeed: { origins: [] },
      confirmForeign: false,
    });
    expect(Object.isFrozen(DEFAULT_SETTINGS.screenPop)).toBe(true);
    expect(SETTINGS_KEY).toBe('settings');
    expect(SETTINGS_VERSION).toBe(2);
  });

  it('cannot be changed', () => {
    const target = DEFAULT_SETTINGS as Settings;
    expect(() => {
      target.pbxUrl = 'wss://changed';
    }).toThrow(TypeError);
    expect(DEFAULT_SETTINGS.pbxUrl).toBe('');
  });
});

describe('migrateSettings', () => {
  it('turns nothing into the defaults, with a fresh disabledSites array', () => {
    const s = migrateSettings(undefined);
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(Object.isFrozen(s)).toBe(false);
    expect(s.disabledSites).not.toBe(DEFAULT_SETTINGS.disabledSites);
    s.disabledSites.push('example.com');
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
  });

  it.each([null, 42, 'settings', true, [], ['pbxUrl'], () => 1])('turns garbage %j into the defaults', (stored) => {
    expect(migrateSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads an unversioned hand-written object', () => {
    const s = migrateSettings({
      pbxUrl: 'wss://pbx.example.com/ws',
      token: 'abc',
      identityType: 'LINE',
      identityValue: '444',
    });
    expect(s).toEqual({
      ...DEFAULT_SETTINGS,
      pbxUrl: 'wss://pbx.example.com/ws',
      token: 'abc',
      identityType: 'line',
      identityValue: '444',
    });
    expect(s.version).toBe(SETTINGS_VERSION);
  });

  it('keeps a current, complete object as it is', () => {
    const full: Settings = {
      version: 2,
      pbxUrl: 'wss://a/ws',
      token: '',
      restUrl: 'https://a/api',
      restEmail: 'jana@example.com',
      oauthTokenUrl: 'https://auth.a/token',
      oauthClientId: 'portal',
      oauthScope: 'openid',
      transport: 'socket.io',
      identityType: 'email',
      identityValue: 'jana@example.com',
      defaultCountry: 'SK',
      notifications: false,
      enabled: false,
      disabledSites: ['example.com', '*.example.org'],
      internationalPrefix: '+',
      outsideLinePrefix: '0',
      screenPop: {
        enabled: true,
        urlTemplate: 'https://crm/?q={e164}',
        when: 'answered',
        incomingOnly: false,
        skipAnonymous: false,
        skipInternal: false,
        reuseTab: false,
      },
      contacts: {
        ipbxUrl: 'https://a/api/contacts',
        sources: { user: true, crm: false, ipbx: true, file: false },
        order: ['file', 'user', 'crm', 'ipbx'],
      },
      callerLookup: {
        urlTemplate: 'https://crm/api?phone={e164}',
        fields: { name: 'data.0.fullName', company: '', url: 'data.0.link' },
      },
      panelOnRinging: 'window',
      pageFeed: { origins: ['https://crm.example.com', 'http://localhost:8080'] },
      confirmForeign: true,
    };
    expect(migrateSettings(full)).toEqual(full);
  });

  it('falls back to the default for every field of the wrong type', () => {
    const s = migrateSettings({
      version: 'one',
      pbxUrl: 42,
      token: null,
      restUrl: {},
      restEmail: [],
      identityType: 7,
      identityValue: false,
      defaultCountry: 420,
      notifications: 'yes',
      enabled: 1,
      disabledSites: 'example.com',
      internationalPrefix: 0,
      outsideLinePrefix: true,
    });
    expect(s).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back for an unknown identity type', () => {
    expect(migrateSettings({ identityType: 'phone' }).identityType).toBe('login');
    expect(migrateSettings({ identityType: ' Email ' }).identityType).toBe('email');
  });

  it('trims strings and upper-cases the country', () => {
    const s = migrateSettings({ pbxUrl: '  wss://a/ws ', token: ' t ', identityValue: ' 444 ', defaultCountry: 'sk' });
    expect(s.pbxUrl).toBe('wss://a/ws');
    expect(s.token).toBe('t');
    expect(s.identityValue).toBe('444');
    expect(s.defaultCountry).toBe('SK');
  });

  it('keeps only non-empty string disabledSites, trimmed', () => {
    const s = migrateSettings({
      disabledSites: [' example.com ', '', '   ', 42, null, { host: 'x' }, '*.example.org'],
    });
    expect(s.disabledSites).toEqual(['example.com', '*.example.org']);
  });

  it('drops unknown fields', () => {
    const s = migrateSettings({ pbxUrl: 'wss://a/ws', secret: 'x', legacyOption: true });
    expect(Object.keys(s).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('is idempotent', () => {
    const once = migrateSettings({ pbxUrl: ' wss://a/ws', identityType: 'EMAIL', disabledSites: ['a', 3] });
    expect(migrateSettings(once)).toEqual(once);
  });
});

describe('validateSettings', () => {
  it('finds nothing wrong with the defaults or a complete configuration', () => {
    expect(validateSettings(settings())).toEqual({});
    expect(validateSettings(READY)).toEqual({});
  });

  it('pbxUrl', () => {
    expect(validateSettings(settings({ pbxUrl: 'https://pbx.example.com' }))).toEqual({ pbxUrl: 'errPbxUrl' });
    expect(validateSettings(settings({ pbxUrl: 'garbage' }))).toEqual({ pbxUrl: 'errPbxUrl' });
    expect(validateSettings(settings({ pbxUrl: 'ws://10.0.0.1:8088/ws' }))).toEqual({});
  });

  it('restUrl', () => {
    expect(validateSettings(settings({ restUrl: 'wss://pbx.example.com' }))).toEqual({ restUrl: 'errRestUrl' });
    expect(validateSettings(settings({ restUrl: 'https://pbx.example.com/api' }))).toEqual({});
  });

  it('defaultCountry', () => {
    expect(validateSettings(settings({ defaultCountry: '' }))).toEqual({ defaultCountry: 'errCountry' });
    expect(validateSettings(settings({ defaultCountry: 'CZE' }))).toEqual({ defaultCountry: 'errCountry' });
    expect(validateSettings(settings({ defaultCountry: 'cz' }))).toEqual({ defaultCountry: 'errCountry' });
    expect(validateSettings(settings({ defaultCountry: 'DE' }))).toEqual({});
  });

  it('identityValue for a line', () => {
    expect(validateSettings(settings({ identityType: 'line', identityValue: '44a' }))).toEqual({
      identityValue: 'errIdentityLine',
    });
    expect(validateSettings(settings({ identityType: 'line', identityValue: '*44#' }))).toEqual({});
    expect(validateSettings(settings({ identityType: 'line', identityValue: '' }))).toEqual({});
  });

  it('identityValue for an e-mail', () => {
    expect(validateSettings(settings({ identityType: 'email', identityValue: 'jana' }))).toEqual({
      identityValue: 'errIdentityEmail',
    });
    expect(validateSettings(settings({ identityType: 'email', identityValue: 'ja na@x.cz' }))).toEqual({
      identityValue: 'errIdentityEmail',
    });
    expect(validateSettings(settings({ identityType: 'email', identityValue: 'jana@example.com' }))).toEqual({});
  });

  it('identityValue for a login is free text', () => {
    expect(validateSettings(settings({ identityType: 'login', identityValue: 'jana.novakova' }))).toEqual({});
  });

  it('dial prefixes', () => {
    expect(validateSettings(settings({ internationalPrefix: '0000000' }))).toEqual({
      internationalPrefix: 'errDialPrefix',
    });
    expect(validateSettings(settings({ internationalPrefix: 'ab' }))).toEqual({ internationalPrefix: 'errDialPrefix' });
    expect(validateSettings(settings({ outsideLinePrefix: '9-' }))).toEqual({ outsideLinePrefix: 'errDialPrefix' });
    expect(validateSettings(settings({ internationalPrefix: '+', outsideLinePrefix: '*0#' }))).toEqual({});
    expect(validateSettings(settings({ internationalPrefix: '', outsideLinePrefix: '' }))).toEqual({});
  });

  it('reports several fields at once', () => {
    const errors = validateSettings(
      settings({ pbxUrl: 'x', restUrl: 'y', defaultCountry: '1', outsideLinePrefix: 'z' }),
    );
    expect(errors).toEqual({
      pbxUrl: 'errPbxUrl',
      restUrl: 'errRestUrl',
      defaultCountry: 'errCountry',
      outsideLinePrefix: 'errDialPrefix',
    });
  });
});

describe('connectionConfig', () => {
  it('reports the problems in order', () => {
    expect(connectionConfig(settings())).toEqual({ ok: false, problem: 'cfgNoUrl' });
    expect(connectionConfig(settings({ token: 'tok', identityValue: 'jana' }))).toEqual({
      ok: false,
      problem: 'cfgNoUrl',
    });
    expect(connectionConfig(settings({ pbxUrl: 'https://pbx' }))).toEqual({ ok: false, problem: 'cfgBadUrl' });
    expect(connectionConfig(settings({ pbxUrl: 'wss://pbx/ws' }))).toEqual({ ok: false, problem: 'cfgNoAuth' });
    expect(connectionConfig(settings({ pbxUrl: 'wss://pbx/ws', token: 'tok' }))).toEqual({
      ok: false,
      problem: 'cfgNoIdentity',
    });
    expect(
      connectionConfig(settings({ pbxUrl: 'wss://pbx/ws', token: 'tok', identityType: 'line', identityValue: 'abc' })),
    ).toEqual({
      ok: false,
      problem: 'cfgBadIdentity',
    });
    expect(
      connectionConfig(settings({ pbxUrl: 'wss://pbx/ws', token: 'tok', identityType: 'email', identityValue: 'abc' })),
    ).toEqual({
      ok: false,
      problem: 'cfgBadIdentity',
    });
  });

  it('a bad REST URL without a token is no auth', () => {
    expect(connectionConfig(settings({ pbxUrl: 'wss://pbx/ws', restUrl: 'ftp://x', identityValue: 'jana' }))).toEqual({
      ok: false,
      problem: 'cfgNoAuth',
    });
  });

  it('a pasted token', () => {
    expect(connectionConfig(READY)).toEqual({
      ok: true,
      config: {
        url: 'wss://pbx.example.com/ws',
        transport: 'websocket',
        identityType: 'line',
        identityValue: '444',
        auth: { kind: 'token', token: 'tok' },
      },
    });
  });

  it('the REST API when there is no token', () => {
    const s = settings({ pbxUrl: 'wss://pbx/ws', restUrl: 'https://pbx/api', identityValue: 'jana' });
    expect(connectionConfig(s)).toEqual({
      ok: true,
      config: {
        url: 'wss://pbx/ws',
        transport: 'websocket',
        identityType: 'login',
        identityValue: 'jana',
        auth: { kind: 'rest', restUrl: 'https://pbx/api' },
      },
    });
  });

  it('OAuth when its token URL is set: it wins over the REST API, with the client and scope of the settings', () => {
    const s = settings({
      pbxUrl: 'wss://pbx/socket.io/',
      transport: 'socket.io',
      restUrl: 'https://pbx/api',
      oauthTokenUrl: 'https://auth.voipex.io/token',
      identityValue: 'jana',
    });
    expect(connectionConfig(s)).toEqual({
      ok: true,
      config: {
        url: 'wss://pbx/socket.io/',
        transport: 'socket.io',
        identityType: 'login',
        identityValue: 'jana',
        auth: { kind: 'oauth', tokenUrl: 'https://auth.voipex.io/token', clientId: 'api', scope: 'openid profile' },
      },
    });
  });

  it('an OAuth token URL that is not http(s) falls back to the REST API, and is an error to save', () => {
    const s = settings({
      pbxUrl: 'wss://pbx/ws',
      restUrl: 'https://pbx/api',
      oauthTokenUrl: 'ftp://x',
      identityValue: 'j',
    });
    expect(connectionConfig(s)).toMatchObject({ ok: true, config: { auth: { kind: 'rest' } } });
    expect(validateSettings(s).oauthTokenUrl).toBe('errRestUrl');
    expect(validateSettings({ ...s, oauthTokenUrl: 'https://auth/token', oauthClientId: '' }).oauthClientId).toBe(
      'errOAuthClientId',
    );
  });

  it('the dialect: websocket by default, socket.io in any case, anything else read as the default', () => {
    expect(migrateSettings({}).transport).toBe('websocket');
    expect(migrateSettings({ transport: ' Socket.IO ' }).transport).toBe('socket.io');
    expect(migrateSettings({ transport: 'mqtt' }).transport).toBe('websocket');
    expect(migrateSettings({}).oauthClientId).toBe('api');
    expect(migrateSettings({}).oauthScope).toBe('openid profile');
    expect(migrateSettings({}).oauthTokenUrl).toBe('');
  });

  it('a pasted token wins over the REST API', () => {
    const result = connectionConfig({ ...READY, restUrl: 'https://pbx/api' });
    expect(result.ok && result.config.auth).toEqual({ kind: 'token', token: 'tok' });
  });
});

describe('sameConnection', () => {
  const base: ConnectionConfig = {
    url: 'wss://a/ws',
    transport: 'websocket',
    identityType: 'line',
    identityValue: '444',
    auth: { kind: 'token', token: 't' },
  };
  const rest: ConnectionConfig = { ...base, auth: { kind: 'rest', restUrl: 'https://a/api' } };

  it('is true for equal configurations', () => {
    expect(sameConnection(base, { ...base, auth: { kind: 'token', token: 't' } })).toBe(true);
    expect(sameConnection(rest, { ...rest, auth: { kind: 'rest', restUrl: 'https://a/api' } })).toBe(true);
  });

  it('is false when anything that matters differs', () => {
    expect(sameConnection(base, { ...base, url: 'wss://b/ws' })).toBe(false);
    expect(sameConnection(base, { ...base, identityType: 'login' })).toBe(false);
    expect(sameConnection(base, { ...base, identityValue: '445' })).toBe(false);
    expect(sameConnection(base, { ...base, auth: { kind: 'token', token: 'other' } })).toBe(false);
    expect(sameConnection(base, rest)).toBe(false);
    expect(sameConnection(rest, base)).toBe(false);
    expect(sameConnection(rest, { ...rest, auth: { kind: 'rest', restUrl: 'https://b/api' } })).toBe(false);
    expect(sameConnection(base, { ...base, transport: 'socket.io' })).toBe(false);
    const oauth: ConnectionConfig = {
      ...base,
      auth: { kind: 'oauth', tokenUrl: 'https://t', clientId: 'api', scope: 's' },
    };
    expect(sameConnection(oauth, { ...oauth, auth: { ...oauth.auth } })).toBe(true);
    expect(
      sameConnection(oauth, { ...oauth, auth: { kind: 'oauth', tokenUrl: 'https://t', clientId: 'x', scope: 's' } }),
    ).toBe(false);
    expect(
      sameConnection(oauth, { ...oauth, auth: { kind: 'oauth', tokenUrl: 'https://t', clientId: 'api', scope: '' } }),
    ).toBe(false);
    expect(sameConnection(oauth, rest)).toBe(false);
  });
});

describe('migration from version 1 to 2', () => {
  it('adds the screen pop, off, and keeps everything else', () => {
    const v1 = {
      version: 1,
      pbxUrl: 'wss://a/ws',
      token: 't',
      identityType: 'login',
      identityValue: 'alice',
      defaultCountry: 'SK',
    };
    const s = migrateSettings(v1);
    expect(s.version).toBe(2);
    expect(s).toMatchObject({ pbxUrl: 'wss://a/ws', token: 't', identityValue: 'alice', defaultCountry: 'SK' });
    expect(s.screenPop).toEqual(DEFAULT_SETTINGS.screenPop);
    expect(s.screenPop.enabled).toBe(false);
  });

  it('rejects a screen pop that is not http(s), and one switched on without a template', () => {
    const base = migrateSettings({});
    expect(
      validateSettings({ ...base, screenPop: { ...base.screenPop, urlTemplate: 'javascript:alert({number})' } })
        .screenPop,
    ).toBe('errScreenPopUrl');
    expect(validateSettings({ ...base, screenPop: { ...base.screenPop, enabled: true } }).screenPop).toBe(
      'errScreenPopUrl',
    );
    expect(
      validateSettings({
        ...base,
        screenPop: { ...base.screenPop, enabled: true, urlTemplate: 'https://crm.example.com/search?q={e164}' },
      }).screenPop,
    ).toBeUndefined();
  });
});
