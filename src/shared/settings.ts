/**
 * The settings contract: storage.local key "settings" holds one object (documented field by field in the README).
 * One defaults object, one migration step for anything stored by an older version (or written by hand), one
 * validator shared by the options page and the background.
 */
import { IDENTITY_TYPES, type IdentityType } from './protocol.ts';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 2;

export type ScreenPopWhen = 'ringing' | 'answered';

/** Opening the caller's CRM record: a URL template with {number}, {e164}, {line}, {queue}, {uniqueId}. */
export interface ScreenPop {
  enabled: boolean;
  /** http(s) only; placeholders are inserted URL-encoded. */
  urlTemplate: string;
  when: ScreenPopWhen;
  incomingOnly: boolean;
  skipAnonymous: boolean;
  skipInternal: boolean;
  /** Focus and update the tab we opened for the same URL instead of opening another. */
  reuseTab: boolean;
}

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** ws:// or wss:// URL of the iPBX WebSocket. */
  pbxUrl: string;
  /** A pasted access token. When empty and restUrl is set, the token comes from the REST login. */
  token: string;
  /** Base URL of the iPBX REST API, for signing in with e-mail and password instead of a pasted token. */
  restUrl: string;
  /** The e-mail last used to sign in through the REST API (shown, never the password). */
  restEmail: string;
  identityType: IdentityType;
  identityValue: string;
  /** ISO 3166-1 alpha-2 region used to read and dial national numbers. */
  defaultCountry: string;
  /** Desktop notifications for ringing calls. */
  notifications: boolean;
  /** Click-to-call on web pages, globally. */
  enabled: boolean;
  /** Host patterns ("example.com", "*.example.com") where pages are left alone. */
  disabledSites: string[];
  /** Dialled before the E.164 digits of a foreign number. */
  internationalPrefix: string;
  /** Dialled before every outside number (for PBXs that want "0" for an outside line). */
  outsideLinePrefix: string;
  /** Version 2: opening the caller's record in a tab. */
  screenPop: ScreenPop;
}

/** Deeply frozen: nothing can change the defaults by accident. */
export const DEFAULT_SETTINGS: Readonly<Omit<Settings, 'disabledSites' | 'screenPop'>> & {
  readonly disabledSites: readonly string[];
  readonly screenPop: Readonly<ScreenPop>;
} = Object.freeze({
  version: SETTINGS_VERSION,
  pbxUrl: '',
  token: '',
  restUrl: '',
  restEmail: '',
  identityType: 'login',
  identityValue: '',
  defaultCountry: 'CZ',
  notifications: true,
  enabled: true,
  disabledSites: Object.freeze([] as string[]),
  internationalPrefix: '00',
  outsideLinePrefix: '',
  screenPop: Object.freeze({
    enabled: false,
    urlTemplate: '',
    when: 'ringing' as ScreenPopWhen,
    incomingOnly: true,
    skipAnonymous: true,
    skipInternal: true,
    reuseTab: true,
  }),
});

type Raw = Record<string, unknown>;

function str(raw: Raw, key: keyof Settings, fallback: string): string {
  const v = raw[key];
  return typeof v === 'string' ? v.trim() : fallback;
}

function bool(raw: Raw, key: keyof Settings, fallback: boolean): boolean {
  const v = raw[key];
  return typeof v === 'boolean' ? v : fallback;
}

/**
 * Turns whatever is stored (nothing, an older version, a hand-written object without a version) into current
 * Settings. Fields of the wrong type fall back to their defaults; unknown fields are dropped.
 */
export function migrateSettings(stored: unknown): Settings {
  const raw: Raw = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Raw) : {};
  // Version 0 (no version field) had the same field names; a missing version is read as 0.
  const identityType = str(raw, 'identityType', DEFAULT_SETTINGS.identityType).toLowerCase();
  const sites = raw.disabledSites;
  return {
    version: SETTINGS_VERSION,
    pbxUrl: str(raw, 'pbxUrl', DEFAULT_SETTINGS.pbxUrl),
    token: str(raw, 'token', DEFAULT_SETTINGS.token),
    restUrl: str(raw, 'restUrl', DEFAULT_SETTINGS.restUrl),
    restEmail: str(raw, 'restEmail', DEFAULT_SETTINGS.restEmail),
    identityType: (IDENTITY_TYPES as readonly string[]).includes(identityType)
      ? (identityType as IdentityType)
      : DEFAULT_SETTINGS.identityType,
    identityValue: str(raw, 'identityValue', DEFAULT_SETTINGS.identityValue),
    defaultCountry: str(raw, 'defaultCountry', DEFAULT_SETTINGS.defaultCountry).toUpperCase(),
    notifications: bool(raw, 'notifications', DEFAULT_SETTINGS.notifications),
    enabled: bool(raw, 'enabled', DEFAULT_SETTINGS.enabled),
    disabledSites: Array.isArray(sites)
      ? sites.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim())
      : [...DEFAULT_SETTINGS.disabledSites],
    internationalPrefix: str(raw, 'internationalPrefix', DEFAULT_SETTINGS.internationalPrefix),
    outsideLinePrefix: str(raw, 'outsideLinePrefix', DEFAULT_SETTINGS.outsideLinePrefix),
    screenPop: migrateScreenPop(raw.screenPop),
  };
}

/** Version 1 had no screen pop: it gets the (off) defaults. */
function migrateScreenPop(stored: unknown): ScreenPop {
  const raw: Raw = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Raw) : {};
  const d = DEFAULT_SETTINGS.screenPop;
  const flag = (key: keyof ScreenPop, fallback: boolean) => (typeof raw[key] === 'boolean' ? (raw[key] as boolean) : fallback);
  return {
    enabled: flag('enabled', d.enabled),
    urlTemplate: typeof raw.urlTemplate === 'string' ? raw.urlTemplate.trim() : d.urlTemplate,
    when: raw.when === 'answered' || raw.when === 'ringing' ? raw.when : d.when,
    incomingOnly: flag('incomingOnly', d.incomingOnly),
    skipAnonymous: flag('skipAnonymous', d.skipAnonymous),
    skipInternal: flag('skipInternal', d.skipInternal),
    reuseTab: flag('reuseTab', d.reuseTab),
  };
}

/** Message keys (see _locales) of what is wrong with a field. */
export type FieldErrors = Partial<Record<keyof Settings, string>>;

export function isWebSocketUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const DIAL_PREFIX = /^[0-9*#+]{0,6}$/;

/** Checks every field the user can get wrong. Empty fields that are simply not filled in yet are not errors. */
export function validateSettings(s: Settings): FieldErrors {
  const errors: FieldErrors = {};
  if (s.pbxUrl !== '' && !isWebSocketUrl(s.pbxUrl)) errors.pbxUrl = 'errPbxUrl';
  if (s.restUrl !== '' && !isHttpUrl(s.restUrl)) errors.restUrl = 'errRestUrl';
  if (!/^[A-Z]{2}$/.test(s.defaultCountry)) errors.defaultCountry = 'errCountry';
  if (s.identityType === 'line' && s.identityValue !== '' && !/^[0-9*#+]+$/.test(s.identityValue)) {
    errors.identityValue = 'errIdentityLine';
  }
  if (s.identityType === 'email' && s.identityValue !== '' && !/^[^\s@]+@[^\s@]+$/.test(s.identityValue)) {
    errors.identityValue = 'errIdentityEmail';
  }
  if (!DIAL_PREFIX.test(s.internationalPrefix)) errors.internationalPrefix = 'errDialPrefix';
  if (!DIAL_PREFIX.test(s.outsideLinePrefix)) errors.outsideLinePrefix = 'errDialPrefix';
  if (s.screenPop.urlTemplate !== '' && !isHttpUrl(s.screenPop.urlTemplate.replace(/\{\w+\}/g, 'x'))) errors.screenPop = 'errScreenPopUrl';
  if (s.screenPop.enabled && s.screenPop.urlTemplate === '') errors.screenPop = 'errScreenPopUrl';
  return errors;
}

export type AuthSource = { kind: 'token'; token: string } | { kind: 'rest'; restUrl: string };

export interface ConnectionConfig {
  url: string;
  identityType: IdentityType;
  identityValue: string;
  auth: AuthSource;
}

/** Why the background cannot connect with these settings (message keys, see _locales). */
export type ConfigProblem = 'cfgNoUrl' | 'cfgBadUrl' | 'cfgNoAuth' | 'cfgNoIdentity' | 'cfgBadIdentity';

/** What the connection needs, or the first reason it cannot connect yet. */
export function connectionConfig(s: Settings): { ok: true; config: ConnectionConfig } | { ok: false; problem: ConfigProblem } {
  if (s.pbxUrl === '') return { ok: false, problem: 'cfgNoUrl' };
  if (!isWebSocketUrl(s.pbxUrl)) return { ok: false, problem: 'cfgBadUrl' };
  let auth: AuthSource;
  if (s.token !== '') auth = { kind: 'token', token: s.token };
  else if (s.restUrl !== '' && isHttpUrl(s.restUrl)) auth = { kind: 'rest', restUrl: s.restUrl };
  else return { ok: false, problem: 'cfgNoAuth' };
  if (s.identityValue === '') return { ok: false, problem: 'cfgNoIdentity' };
  if (validateSettings(s).identityValue) return { ok: false, problem: 'cfgBadIdentity' };
  return { ok: true, config: { url: s.pbxUrl, identityType: s.identityType, identityValue: s.identityValue, auth } };
}

/** Same target, same credentials source: no reconnect needed. */
export function sameConnection(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return (
    a.url === b.url &&
    a.identityType === b.identityType &&
    a.identityValue === b.identityValue &&
    a.auth.kind === b.auth.kind &&
    (a.auth.kind === 'token' ? a.auth.token === (b.auth as { token: string }).token : a.auth.restUrl === (b.auth as { restUrl: string }).restUrl)
  );
}

/** Settings an administrator can set through storage.managed (public/managed_schema.json); they win and are locked. */
export const MANAGED_KEYS = [
  'pbxUrl',
  'restUrl',
  'identityType',
  'defaultCountry',
  'internationalPrefix',
  'outsideLinePrefix',
  'screenPop',
  'disabledSites',
] as const satisfies readonly (keyof Settings)[];
export type ManagedKey = (typeof MANAGED_KEYS)[number];

/** The user's settings with the policy's values on top, and which fields the policy locks. */
export function applyManaged(user: Settings, managed: unknown): { settings: Settings; locked: ManagedKey[] } {
  if (typeof managed !== 'object' || managed === null) return { settings: user, locked: [] };
  const raw = managed as Record<string, unknown>;
  const present = MANAGED_KEYS.filter((k) => raw[k] !== undefined);
  if (present.length === 0) return { settings: user, locked: [] };
  // Run the policy through the same migration as stored settings: wrong types fall back instead of breaking.
  const merged = migrateSettings({ ...user, ...Object.fromEntries(present.map((k) => [k, raw[k]])) });
  return { settings: merged, locked: present };
}
