/**
 * Every item the extension stores, in one list: its area, its key, its schema (whose fallback is its default) and its
 * migrations. Everything that reads or writes storage goes through these (see item-storage.ts); adding an item, or a
 * field of the settings, is a change here. The key names are contracts: other tools and older versions use them.
 *
 * The content script has no storage API at all (content/drop-storage.ts) and never imports this module.
 */
import * as v from 'valibot';
import { defineItem } from './define-item.ts';
import { fields, listOf, managed, value, type ManagedPaths, type ValuesOf } from './decoders.ts';
import type { IndexedDbLocation } from './areas.ts';
import { DIRECTIONS, IDENTITY_TYPES } from '../protocol.ts';
import { LOG_ENTRY_KINDS, type LogEntry } from '../connection-log.ts';
import { TRANSPORTS } from '../transports.ts';
import type { Consultation } from '../messages.ts';
import { CONTACTS_ITEMS, CALLER_LOOKUP, CONTACTS_SETTINGS } from './contacts-items.ts';

// ---- Settings (storage.local "settings", documented field by field in the README) ----

export const SETTINGS_VERSION = 2;

const text = (fallback = '') => value(v.pipe(v.string(), v.trim()), fallback);
const flag = (fallback: boolean) => value(v.boolean(), fallback);

/** Values of `panelOnRinging`. */
export const PANEL_ON_RINGING = ['none', 'window'] as const;

/** Version 2: opening the caller's record (a URL template with {number}, {e164}, {line}, {queue}, {uniqueId}). */
const SCREEN_POP = fields({
  enabled: flag(false),
  /** http(s) only; placeholders are inserted URL-encoded. */
  urlTemplate: text(),
  when: value(v.picklist(['ringing', 'answered']), 'ringing'),
  incomingOnly: flag(true),
  skipAnonymous: flag(true),
  skipInternal: flag(true),
  /** Focus and update the tab we opened for the same URL instead of opening another. */
  reuseTab: flag(true),
});

/**
 * The settings, read field by field (a contract: other tools write this object): unknown fields are dropped, a field
 * of the wrong type reads as its default, the rest is kept. `managed`: an administrator's policy may set the field
 * (public/managed_schema.json lists the same fields; a test compares them).
 */
export const SETTINGS_FIELDS = fields({
  version: value(v.literal(SETTINGS_VERSION), SETTINGS_VERSION),
  /** ws:// or wss:// URL of the iPBX WebSocket. */
  pbxUrl: managed(text()),
  /** A pasted access token. When empty and restUrl is set, the token comes from the REST login. */
  token: text(),
  /** Base URL of the iPBX REST API, for signing in with e-mail and password instead of a pasted token. */
  restUrl: managed(text()),
  /** The e-mail last used to sign in through the REST API (shown, never the password). */
  restEmail: text(),
  /**
   * The platform's OAuth 2.0 token endpoint (http(s)), e.g. https://auth.voipex.io/token. When set, the e-mail
   * sign-in uses its password grant instead of restUrl's /v1/sso/login.
   */
  oauthTokenUrl: managed(text()),
  /** The OAuth client the platform documents. */
  oauthClientId: managed(text('api')),
  oauthScope: managed(text('openid profile')),
  /** The iPBX dialect: plain WebSocket JSON frames, or Socket.IO emits (docs/protocol.md). */
  transport: managed(value(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.picklist(TRANSPORTS)), 'websocket')),
  identityType: managed(value(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.picklist(IDENTITY_TYPES)), 'login')),
  identityValue: text(),
  /** ISO 3166-1 alpha-2 region used to read and dial national numbers. */
  defaultCountry: managed(value(v.pipe(v.string(), v.trim(), v.toUpperCase()), 'CZ')),
  /** Desktop notifications for ringing calls. */
  notifications: flag(true),
  /** Click-to-call on web pages, globally. */
  enabled: flag(true),
  /** Host patterns ("example.com", "*.example.com") where pages are left alone. */
  disabledSites: managed(listOf(v.pipe(v.string(), v.trim(), v.nonEmpty()))),
  /** Dialled before the E.164 digits of a foreign number. */
  internationalPrefix: managed(text('00')),
  /** Dialled before every outside number (for PBXs that want "0" for an outside line). */
  outsideLinePrefix: managed(text()),
  screenPop: managed(SCREEN_POP),
  /** Caller names from the iPBX's contact list, an imported file and the user's own names (issue 16). */
  contacts: CONTACTS_SETTINGS,
  /** Caller names from the user's CRM: a lookup URL and where its JSON answer holds the name (issue 16). */
  callerLookup: CALLER_LOOKUP,
  /** What a ring does to the call window: nothing, or open it (or draw attention to it) without taking the focus. */
  panelOnRinging: value(v.picklist(PANEL_ON_RINGING), 'none'),
  /** Current calls for pages of the user's own web apps (docs/page-feed.md). */
  pageFeed: fields({
    /** Origins (`https://crm.example.com`, `http://host:8080`) whose pages get the current calls. */
    origins: managed(listOf(v.pipe(v.string(), v.trim(), v.nonEmpty()))),
  }),
  /** A call a page starts to a foreign number asks for confirmation first (background/call-guard/). */
  confirmForeign: managed(flag(false)),
});

export type Settings = ValuesOf<typeof SETTINGS_FIELDS.fields>;
export type ManagedKey = ManagedPaths<typeof SETTINGS_FIELDS.fields>;

function versionOf(raw: unknown): number {
  const version: unknown = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'version') : undefined;
  return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}

/** An object with its version raised; anything else is left for the schema to refuse. */
function withVersion(raw: unknown, version: number): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw, version } : raw;
}

// ---- Values of the other items ----

const RECENT_CALL = v.object({
  uniqueId: v.string(),
  direction: v.picklist(DIRECTIONS),
  number: v.string(),
  startedAt: v.number(),
  endedAt: v.number(),
  answered: v.boolean(),
  durationMs: v.number(),
  /** Rang here unanswered, not answered elsewhere nor hung up by the user (absent in entries of earlier versions). */
  missed: v.optional(v.boolean()),
  /** The iPBX's Hangup reason, as it wrote it ("No user response", "Answered elsewhere", …). */
  reason: v.optional(v.string()),
  /** Who it was, as the caller's name was known when the call ended (or as the user named the number later). */
  name: v.optional(v.string()),
});
/** A call that ended, as the recent-calls list keeps it. */
export type RecentCall = v.InferOutput<typeof RECENT_CALL>;

const CONSULTATION: v.GenericSchema<unknown, Consultation> = v.object({
  uniqueId: v.string(),
  to: v.string(),
  consultId: v.optional(v.string()),
});

const STORED_TOKENS = v.object({
  /** Where the tokens came from: the REST API's base URL, or the OAuth token endpoint. */
  restUrl: v.string(),
  /** Which sign-in issued them (absent in entries of earlier versions: the REST API). */
  kind: v.optional(v.picklist(['rest', 'oauth'])),
  accessToken: v.string(),
  refreshToken: v.string(),
  issuedAt: v.number(),
  expiresAt: v.number(),
  /** When the refresh token dies, where the server says (OAuth refresh_expires_in). */
  refreshExpiresAt: v.optional(v.number()),
});
/** The sign-in's tokens (REST API or OAuth). */
export type StoredTokens = v.InferOutput<typeof STORED_TOKENS>;

const BOUNDS = v.object({
  left: v.pipe(v.number(), v.integer()),
  top: v.pipe(v.number(), v.integer()),
  width: v.pipe(v.number(), v.integer(), v.minValue(1)),
  height: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
/** A window's place on the screen, in screen pixels. */
export type WindowBounds = v.InferOutput<typeof BOUNDS>;

const FEED_FRAME = v.object({
  tabId: v.number(),
  frameId: v.number(),
  /** The origin the frame had when it asked: the only one a message to it may be posted to. */
  origin: v.string(),
  /** Chrome's id of the document, so that a frame that navigated away gets nothing. */
  documentId: v.optional(v.string()),
});
/** A frame of a listed origin that gets the current calls. */
export type FeedFrame = v.InferOutput<typeof FEED_FRAME>;
const LOG_ENTRY: v.GenericSchema<unknown, LogEntry> = v.object({
  seq: v.number(),
  at: v.number(),
  kind: v.picklist(LOG_ENTRY_KINDS),
  text: v.string(),
  dialect: v.optional(v.picklist(TRANSPORTS)),
});

/** The background's secrets: out of reach of content scripts in both browsers (see indexeddb-area.ts). */
const SECRETS_DB: IndexedDbLocation = { database: 'ipbx-secrets', store: 'secrets' };

// ---- The list ----

export const ITEMS = {
  /** The user's settings. Migrations run on every read; the next save writes the current version. */
  settings: defineItem({
    area: 'local',
    key: 'settings',
    schema: SETTINGS_FIELDS,
    version: {
      current: SETTINGS_VERSION,
      of: versionOf,
      steps: {
        // Version 0 (no version field) had the same field names as version 1.
        1: (v0) => withVersion(v0, 1),
        // Version 2 added the screen pop; a version 1 object has none, so it reads as the (off) defaults.
        2: (v1) => withVersion(v1, 2),
      },
    },
  }),
  /** The administrator's policy: storage.managed as a whole, each policy a key (public/managed_schema.json). */
  policy: defineItem({ area: 'managed', key: null, schema: value(v.record(v.string(), v.unknown()), {}) }),
  /** Calls that ended, newest first, at most 50 (background/history.ts). */
  recentCalls: defineItem({ area: 'local', key: 'recentCalls', schema: listOf(RECENT_CALL) }),
  /** Earlier builds kept the REST tokens here, where Firefox lets content scripts read; moved to restTokens at start. */
  legacyRestTokens: defineItem({ area: 'local', key: 'restTokens', schema: value(v.nullable(STORED_TOKENS), null) }),
  /** The REST sign-in's tokens (the password is never stored). */
  restTokens: defineItem({ area: SECRETS_DB, key: 'restTokens', schema: value(v.nullable(STORED_TOKENS), null) }),
  /**
   * The calls of a stopped worker, in the form shared between versions (background/call-reducer.ts decodes and checks
   * it): a JSON string, or the object earlier versions stored.
   */
  callState: defineItem({
    area: 'session',
    key: 'callState',
    schema: value(
      v.nullable(
        v.union([
          v.string(),
          v.object({ calls: v.record(v.string(), v.unknown()), ended: v.record(v.string(), v.unknown()) }),
        ]),
      ),
      null,
    ),
  }),
  /** Attended transfers under way, so a restarted worker still shows them. */
  consultations: defineItem({ area: 'session', key: 'consultations', schema: listOf(CONSULTATION) }),
  /** Calls already popped (a restarted worker must not pop them again), the last 200. */
  screenPopped: defineItem({ area: 'session', key: 'screenPopped', schema: listOf(v.string()) }),
  /** The tabs the screen pop opened, by URL, to reuse them. */
  screenPopTabs: defineItem({
    area: 'session',
    key: 'screenPopTabs',
    schema: value(v.record(v.string(), v.number()), {}),
  }),
  /**
   * The connection log (background/connection-log.ts): the last frames, status changes and sign-in attempts, already
   * redacted; kept here so that a restarted worker still has it, and gone when the browser quits.
   */
  connectionLog: defineItem({
    area: 'session',
    key: 'connectionLog',
    schema: listOf(LOG_ENTRY),
  }),
  /** Records the screen pop held back (too many too fast), by call: the panel offers "Open record" on the call. */
  screenPopHeld: defineItem({
    area: 'session',
    key: 'screenPopHeld',
    schema: value(v.record(v.string(), v.string()), {}),
  }),
  /** The panel window we opened, to focus it instead of opening another. */
  panelWindowId: defineItem({ area: 'session', key: 'panelWindowId', schema: value(v.nullable(v.number()), null) }),
  ...CONTACTS_ITEMS,
  /** Where the user last left the panel window (background/panel-window.ts), to open it there again. */
  panelWindowBounds: defineItem({ area: 'local', key: 'panelWindowBounds', schema: value(v.nullable(BOUNDS), null) }),
  /** Missed calls that ended up to this time (epoch ms) were seen: opening the panel moves it (missed-calls.ts). */
  missedSeenAt: defineItem({ area: 'local', key: 'missedSeenAt', schema: value(v.number(), 0) }),
  /** The frames of listed origins that get the current calls (background/page-feed.ts), for a restarted worker. */
  pageFeedFrames: defineItem({ area: 'session', key: 'pageFeedFrames', schema: listOf(FEED_FRAME) }),
} as const;
