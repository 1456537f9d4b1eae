/**
 * The one typed message API between contexts. Every request names its type; the background answers with a Reply.
 * The background checks who sends what (background/message-router.ts); nothing here ever carries the token.
 */
import { ext } from './ext.ts';
import type { QueueAgentState } from './agents.ts';
import type { Call } from './calls.ts';
import type { TransferType } from './protocol.ts';
import type { ConnectionStatus } from './status.ts';

/** An attended transfer under way: `uniqueId` is the original call, `consultId` the consultation call once it rings. */
export interface Consultation {
  uniqueId: string;
  to: string;
  consultId?: string;
}

export interface Snapshot {
  status: ConnectionStatus;
  calls: Call[];
  consultations: Consultation[];
  /** The user's agent state per queue (AgentLogin/Logout/Paused/UnPaused), by queue name; absent = none known. */
  agents?: QueueAgentState[];
}

/** Request and response of every message. `null` = nothing to send or return. */
/** A number found on a page, validated by the background: what to dial and how to name it. */
export interface PageNumber {
  dial: string;
  label: string;
}

export interface MessageMap {
  getSnapshot: { request: null; response: Snapshot };
  /** Content script: is click-to-call on for this frame's site? (The background reads the site from the sender.) */
  pageConfig: { request: null; response: { active: boolean } };
  /** Content script: validates candidates; `lang` is the page's <html lang> (its region wins over the user's). */
  classifyNumbers: { request: { texts: string[]; lang: string; links?: boolean }; response: (PageNumber | null)[] };
  originate: { request: { to: string }; response: { uniqueId?: string } };
  hangup: { request: { uniqueId: string }; response: null };
  transfer: { request: { uniqueId: string; to: string; type: TransferType }; response: null };
  /** Retry now; answers with the outcome of that attempt (or the status as it stands when already connected). */
  reconnect: { request: null; response: ConnectionStatus };
  restLogin: { request: { restUrl: string; email: string; password: string }; response: null };
  restLogout: { request: null; response: null };
}

export type MessageType = keyof MessageMap;

export type Message = { [K in MessageType]: { type: K; payload: MessageMap[K]['request'] } }[MessageType];

/** Which contexts may send a message: only our own pages, or also our content scripts. */
export const SENDERS: Record<MessageType, 'extension-page' | 'content-script'> = {
  getSnapshot: 'extension-page',
  pageConfig: 'content-script',
  classifyNumbers: 'content-script',
  originate: 'content-script',
  hangup: 'extension-page',
  transfer: 'extension-page',
  reconnect: 'extension-page',
  restLogin: 'extension-page',
  restLogout: 'extension-page',
};

export interface ReplyError {
  /** A message key (see _locales), for code that reacts to the kind of failure. */
  code: string;
  /** The human text, already in the user's language. */
  message: string;
}

export type Reply<K extends MessageType> = { ok: true; value: MessageMap[K]['response'] } | { ok: false; error: ReplyError };

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    Object.hasOwn(SENDERS, (value as { type: string }).type)
  );
}

/** Sends a request to the background. Never throws: a dead background becomes an error Reply. */
export async function request<K extends MessageType>(type: K, payload: MessageMap[K]['request']): Promise<Reply<K>> {
  const api = ext();
  try {
    const reply = (await api.runtime.sendMessage({ type, payload })) as Reply<K> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { code: 'errNoBackground', message: api.i18n.getMessage('errNoBackground') } };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'errNoBackground', message: api.i18n.getMessage('errNoBackground') || detail } };
  }
}

/** Messages from the background to content scripts (tabs.sendMessage); content scripts accept nothing else. */
export type TabMessage =
  | { type: 'ipbx:config' }
  | { type: 'ipbx:selection' }
  /** In-page feedback; `selectionOnly`: only the frame that holds the selection shows it. */
  | { type: 'ipbx:toast'; text: string; kind: 'info' | 'ok' | 'error'; selectionOnly?: boolean };

/** Port name on which the background pushes a Snapshot whenever calls or status change. */
export const SNAPSHOT_PORT = 'ipbx-snapshot';
