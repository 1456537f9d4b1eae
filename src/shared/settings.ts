/**
 * The settings contract: storage.local key "settings" holds one object (documented field by field in the README).
 * Its fields, defaults, migrations and managed fields are declared with the other stored items
 * (storage/items.ts); here is what the settings mean: one validator shared by the options page and the background,
 * the connection they describe, and the administrator's policy on top.
 */
import type { MessageKey } from './i18n.ts';
import type { IdentityType } from './protocol.ts';
import { decodeItem } from './storage/define-item.ts';
import { managedPaths, valueAt, withValueAt, type DeepReadonly } from './storage/decoders.ts';
import { ITEMS, SETTINGS_FIELDS, type ManagedKey, type Settings } from './storage/items.ts';
import { CALL_PLACEHOLDERS, isUrlTemplate, placeholdersIn } from './url-template.ts';
import { isFeedOrigin } from './page-feed.ts';
import type { TransportKind } from './transports.ts';
import { isHttpUrl, isWebSocketUrl } from './urls.ts';

export { SETTINGS_VERSION, type ManagedKey, type Settings } from './storage/items.ts';

export const SETTINGS_KEY = ITEMS.settings.key;

/** Opening the caller's CRM record. */
export type ScreenPop = Settings['screenPop'];
export type ScreenPopWhen = ScreenPop['when'];

/** Deeply frozen: nothing can change the defaults by accident. */
export const DEFAULT_SETTINGS: DeepReadonly<Settings> = SETTINGS_FIELDS.fallback;

/**
 * Turns whatever is stored (nothing, an older version, a hand-written object without a version) into current
 * Settings: fields of the wrong type fall back to their defaults, unknown fields are dropped. Says nothing; reading
 * through the registry (storage/item-storage.ts) logs what was dropped.
 */
export function migrateSettings(stored: unknown): Settings {
  return decodeItem(ITEMS.settings, stored).value;
}

/** Message keys (see _locales) of what is wrong with a field. */
export type FieldErrors = Partial<Record<keyof Settings, MessageKey>>;

const DIAL_PREFIX = /^[0-9*#+]{0,6}$/;

/** Checks every field the user can get wrong. Empty fields that are simply not filled in yet are not errors. */
export function validateSettings(s: Settings): FieldErrors {
  const errors: FieldErrors = {};
  if (s.pbxUrl !== '' && !isWebSocketUrl(s.pbxUrl)) errors.pbxUrl = 'errPbxUrl';
  if (s.restUrl !== '' && !isHttpUrl(s.restUrl)) errors.restUrl = 'errRestUrl';
  if (s.oauthTokenUrl !== '' && !isHttpUrl(s.oauthTokenUrl)) errors.oauthTokenUrl = 'errRestUrl';
  if (s.oauthClientId === '') errors.oauthClientId = 'errOAuthClientId';
  if (!/^[A-Z]{2}$/.test(s.defaultCountry)) errors.defaultCountry = 'errCountry';
  if (s.identityType === 'line' && s.identityValue !== '' && !/^[0-9*#+]+$/.test(s.identityValue)) {
    errors.identityValue = 'errIdentityLine';
  }
  if (s.identityType === 'email' && s.identityValue !== '' && !/^[^\s@]+@[^\s@]+$/.test(s.identityValue)) {
    errors.identityValue = 'errIdentityEmail';
  }
  if (!DIAL_PREFIX.test(s.internationalPrefix)) errors.internationalPrefix = 'errDialPrefix';
  if (!DIAL_PREFIX.test(s.outsideLinePrefix)) errors.outsideLinePrefix = 'errDialPrefix';
  if (s.screenPop.urlTemplate !== '' && !isUrlTemplate(s.screenPop.urlTemplate)) errors.screenPop = 'errScreenPopUrl';
  if (s.screenPop.enabled && s.screenPop.urlTemplate === '') errors.screenPop = 'errScreenPopUrl';
  if (s.contacts.ipbxUrl !== '' && !isHttpUrl(s.contacts.ipbxUrl)) errors.contacts = 'errContactsUrl';
  const lookup = lookupTemplateError(s.callerLookup.urlTemplate);
  if (lookup) errors.callerLookup = lookup;
  if (!s.pageFeed.origins.every(isFeedOrigin)) errors.pageFeed = 'errFeedOrigin';
  return errors;
}

/** The CRM lookup's template: an http(s) URL that names the call only (the caller's name is what it asks for). */
function lookupTemplateError(template: string): MessageKey | null {
  if (template === '') return null;
  if (!isUrlTemplate(template) || template.startsWith('{')) return 'errLookupUrl';
  const known: readonly string[] = CALL_PLACEHOLDERS;
  return placeholdersIn(template).every((p) => known.includes(p)) ? null : 'errLookupPlaceholder';
}

/** The OAuth 2.0 token endpoint and what the password and refresh grants send with it. */
export interface OAuthClient {
  tokenUrl: string;
  clientId: string;
  scope: string;
}

export type AuthSource =
  | { kind: 'token'; token: string }
  | { kind: 'rest'; restUrl: string }
  | ({ kind: 'oauth' } & OAuthClient);

/** How the e-mail sign-in goes with these settings: OAuth when a token URL is set, else the REST API, else nothing. */
export function emailSignIn(s: Settings): Exclude<AuthSource, { kind: 'token' }> | null {
  if (s.oauthTokenUrl !== '' && isHttpUrl(s.oauthTokenUrl))
    return { kind: 'oauth', tokenUrl: s.oauthTokenUrl, clientId: s.oauthClientId, scope: s.oauthScope };
  if (s.restUrl !== '' && isHttpUrl(s.restUrl)) return { kind: 'rest', restUrl: s.restUrl };
  return null;
}

export interface ConnectionConfig {
  url: string;
  transport: TransportKind;
  identityType: IdentityType;
  identityValue: string;
  auth: AuthSource;
}

/** Why the background cannot connect with these settings (message keys, see _locales). */
export type ConfigProblem = 'cfgNoUrl' | 'cfgBadUrl' | 'cfgNoAuth' | 'cfgNoIdentity' | 'cfgBadIdentity';

/** What the connection needs, or the first reason it cannot connect yet. */
export function connectionConfig(
  s: Settings,
): { ok: true; config: ConnectionConfig } | { ok: false; problem: ConfigProblem } {
  if (s.pbxUrl === '') return { ok: false, problem: 'cfgNoUrl' };
  if (!isWebSocketUrl(s.pbxUrl)) return { ok: false, problem: 'cfgBadUrl' };
  const auth: AuthSource | null = s.token !== '' ? { kind: 'token', token: s.token } : emailSignIn(s);
  if (!auth) return { ok: false, problem: 'cfgNoAuth' };
  if (s.identityValue === '') return { ok: false, problem: 'cfgNoIdentity' };
  if (validateSettings(s).identityValue) return { ok: false, problem: 'cfgBadIdentity' };
  const { identityType, identityValue } = s;
  return { ok: true, config: { url: s.pbxUrl, transport: s.transport, identityType, identityValue, auth } };
}

function sameAuth(a: AuthSource, b: AuthSource): boolean {
  switch (a.kind) {
    case 'token':
      return b.kind === 'token' && a.token === b.token;
    case 'rest':
      return b.kind === 'rest' && a.restUrl === b.restUrl;
    case 'oauth':
      return b.kind === 'oauth' && a.tokenUrl === b.tokenUrl && a.clientId === b.clientId && a.scope === b.scope;
  }
}

/** Same target, dialect and credentials source: no reconnect needed. */
export function sameConnection(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return (
    a.url === b.url &&
    a.transport === b.transport &&
    a.identityType === b.identityType &&
    a.identityValue === b.identityValue &&
    sameAuth(a.auth, b.auth)
  );
}

/** Settings an administrator can set through storage.managed (public/managed_schema.json); they win and are locked. */
export const MANAGED_KEYS: readonly ManagedKey[] = managedPaths(SETTINGS_FIELDS);

/** The user's settings with the policy's values on top, and which fields the policy locks. */
export function applyManaged(user: Settings, managed: unknown): { settings: Settings; locked: ManagedKey[] } {
  const present = MANAGED_KEYS.filter((path) => valueAt(managed, path) !== undefined);
  if (present.length === 0) return { settings: user, locked: [] };
  // Run the policy through the same reading as stored settings: wrong types fall back instead of breaking.
  const merged = present.reduce<Record<string, unknown>>(
    (raw, path) => withValueAt(raw, path, valueAt(managed, path)),
    { ...user },
  );
  return { settings: migrateSettings(merged), locked: present };
}
