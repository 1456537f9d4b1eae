/**
 * The one typed message API between contexts. Every request names its type; the background answers with a Reply.
 * The background checks who sends what (background/message-router.ts); nothing here ever carries the token.
 */
import type { InferOutput } from 'valibot';
import { errorMessage } from './errors.ts';
import { ext } from './ext.ts';
import type { QueueAgentState } from './agents.ts';
import type { GuardView, PageCallOutcome } from './call-guard.ts';
import type { CallerInfo } from './caller.ts';
import type { Call } from './calls.ts';
import type { ContactSuggestion, ContactsStatus, LookupTestResult } from './contacts-status.ts';
import type { FeedCall } from './page-feed.ts';
import type { MessageKey } from './i18n.ts';
import type { REQUESTS } from './message-schemas.ts';
import type { ConnectionStatus } from './status.ts';
import type { TransportKind } from './transports.ts';

/** A dialect that answered at a URL ("Test connection"). */
export interface DialectAnswer {
  dialect: TransportKind;
  url: string;
}

/** An attended transfer under way: `uniqueId` is the original call, `consultId` the consultation call once it rings. */
export interface Consultation {
  uniqueId: string;
  to: string;
  consultId?: string;
}

/** A call asked for while disconnected that could not be placed (issue 15 §5); the panel says so, with the reason. */
export interface CallNotPlaced {
  /** The dial string. */
  to: string;
  /** Epoch ms. */
  at: number;
  /** Why, in the user's language. */
  text: string;
}

export interface Snapshot {
  status: ConnectionStatus;
  calls: Call[];
  consultations: Consultation[];
  /** The user's agent state per queue (AgentLogin/Logout/Paused/UnPaused), by queue name; absent = none known. */
  agents?: QueueAgentState[];
  /** Who is calling, by the call's uniqueId, where a source knows the number (issue 16 fills it). */
  callers?: Record<string, CallerInfo>;
  /** The last call not placed for want of a connection, for a few minutes after (issue 15 §5). */
  callNotPlaced?: CallNotPlaced;
}

/** A number found on a page, validated by the background: what to dial and how to name it. */
export interface PageNumber {
  dial: string;
  label: string;
}

/** What each message answers; `null` = nothing to return. */
interface Responses {
  getSnapshot: Snapshot;
  pageConfig: { active: boolean };
  classifyNumbers: (PageNumber | null)[];
  originate: { uniqueId?: string };
  pageCall: PageCallOutcome;
  guardDetails: GuardView;
  guardAnswer: null;
  openRecord: null;
  hangup: null;
  transfer: null;
  reconnect: ConnectionStatus;
  probeDialects: { url: string; answered: DialectAnswer[] };
  signIn: null;
  restLogout: null;
  contactsSearch: ContactSuggestion[];
  contactsStatus: ContactsStatus;
  contactsReload: ContactsStatus;
  contactsRemoveFile: ContactsStatus;
  contactsRefresh: ContactsStatus;
  nameNumber: null;
  lookupTest: LookupTestResult;
  openPanelWindow: null;
  missedSeen: null;
}

export type MessageType = keyof typeof REQUESTS;
/** Compiles only while every response belongs to a message that has a schema. */
type OnlyMessages<T extends MessageType> = T;
export type AnsweredMessage = OnlyMessages<keyof Responses>;

/** Request and response of every message; the requests are what their schemas (message-schemas.ts) accept. */
export type MessageMap = { [K in MessageType]: { request: InferOutput<(typeof REQUESTS)[K]>; response: Responses[K] } };

/** What the options page sends to sign in: the e-mail, the password (used once) and the sign-in servers of its form. */
export type SignInRequest = MessageMap['signIn']['request'];

export type Message = { [K in MessageType]: { type: K; payload: MessageMap[K]['request'] } }[MessageType];

/** Which contexts may send a message: only our own pages, or also our content scripts. */
export const SENDERS: Record<MessageType, 'extension-page' | 'content-script'> = {
  getSnapshot: 'extension-page',
  pageConfig: 'content-script',
  classifyNumbers: 'content-script',
  originate: 'extension-page',
  pageCall: 'content-script',
  guardDetails: 'extension-page',
  guardAnswer: 'extension-page',
  openRecord: 'extension-page',
  hangup: 'extension-page',
  transfer: 'extension-page',
  reconnect: 'extension-page',
  probeDialects: 'extension-page',
  signIn: 'extension-page',
  restLogout: 'extension-page',
  contactsSearch: 'extension-page',
  contactsStatus: 'extension-page',
  contactsReload: 'extension-page',
  contactsRemoveFile: 'extension-page',
  contactsRefresh: 'extension-page',
  nameNumber: 'extension-page',
  lookupTest: 'extension-page',
  openPanelWindow: 'extension-page',
  missedSeen: 'extension-page',
};

export interface ReplyError {
  /** A message key (see _locales), for code that reacts to the kind of failure. */
  code: MessageKey;
  /** The human text, already in the user's language. */
  message: string;
}

export type Reply<K extends MessageType> =
  | { ok: true; value: MessageMap[K]['response'] }
  | { ok: false; error: ReplyError };

function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && Object.hasOwn(SENDERS, type);
}

/** A request of a known type; its payload is still to be checked against the message's schema. */
export function isMessage(value: unknown): value is { type: MessageType; payload: unknown } {
  return typeof value === 'object' && value !== null && isMessageType(Reflect.get(value, 'type'));
}

/** Sends a request to the background. Never throws: a dead background becomes an error Reply. */
export async function request<K extends MessageType>(type: K, payload: MessageMap[K]['request']): Promise<Reply<K>> {
  const api = ext();
  try {
    const reply = (await api.runtime.sendMessage({ type, payload })) as Reply<K> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { code: 'errNoBackground', message: api.i18n.getMessage('errNoBackground') } };
  } catch (e) {
    const detail = errorMessage(e);
    return { ok: false, error: { code: 'errNoBackground', message: api.i18n.getMessage('errNoBackground') || detail } };
  }
}

/** Messages from the background to content scripts (tabs.sendMessage); content scripts accept nothing else. */
export type TabMessage =
  | { type: 'ipbx:config' }
  | { type: 'ipbx:selection' }
  /** In-page feedback; `selectionOnly`: only the frame that holds the selection shows it. */
  | { type: 'ipbx:toast'; text: string; kind: 'info' | 'ok' | 'error'; selectionOnly?: boolean }
  /** The page feed (docs/page-feed.md): the current calls, to be posted to the page only if it has `origin`. */
  | { type: 'ipbx:calls'; origin: string; calls: FeedCall[] };

/** Port name on which the background pushes a Snapshot whenever calls or status change. */
export const SNAPSHOT_PORT = 'ipbx-snapshot';
