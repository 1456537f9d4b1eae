/**
 * Receives every runtime message, checks who sent it, validates its payload and answers with a typed Reply.
 * Web pages cannot reach it at all (no externally_connectable); our content scripts may send only what SENDERS
 * allows them; everything else needs one of our own extension pages.
 */
import type { Runtime } from 'webextension-polyfill';
import { MAX_CANDIDATE_LENGTH, MAX_CANDIDATES } from './number-classifier.ts';
import { RequestError, requestErrorText } from './requests.ts';
import type { Logger } from '../shared/log.ts';
import { isMessage, SENDERS, type MessageMap, type MessageType, type Reply } from '../shared/messages.ts';

export type Handlers = {
  [K in MessageType]: (payload: MessageMap[K]['request'], sender: Runtime.MessageSender) => Promise<MessageMap[K]['response']>;
};

export type SenderKind = 'extension-page' | 'content-script' | 'unknown';

export function senderKind(sender: Runtime.MessageSender, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return 'unknown';
  if (sender.url?.startsWith(extensionOrigin)) return 'extension-page';
  if (sender.tab !== undefined && sender.url !== undefined) return 'content-script';
  return 'unknown';
}

function str(v: unknown, max = 2_000): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** Shape checks: whatever a content script sends is untrusted input. */
export function validPayload(type: MessageType, payload: unknown): boolean {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  switch (type) {
    case 'getSnapshot':
    case 'pageConfig':
    case 'reconnect':
    case 'restLogout':
      return true;
    case 'originate':
      return str(p.to, 64);
    case 'classifyNumbers':
      return (
        Array.isArray(p.texts) &&
        p.texts.length <= MAX_CANDIDATES &&
        p.texts.every((t) => str(t, MAX_CANDIDATE_LENGTH)) &&
        str(p.lang, 64) &&
        (p.links === undefined || typeof p.links === 'boolean')
      );
    case 'hangup':
      return str(p.uniqueId, 200);
    case 'transfer':
      return str(p.uniqueId, 200) && str(p.to, 64) && (p.type === 'blind' || p.type === 'attended');
    case 'restLogin':
      return str(p.restUrl) && str(p.email, 320) && str(p.password, 1_000);
  }
}

function errorReply(code: string, detail?: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message: requestErrorText(code, detail) } };
}

export function createMessageRouter(
  handlers: Handlers,
  opts: { extensionId: string; extensionOrigin: string; log: Logger },
): (message: unknown, sender: Runtime.MessageSender, sendResponse: (r: unknown) => void) => true {
  return (message, sender, sendResponse) => {
    if (!isMessage(message)) {
      sendResponse(errorReply('errBadRequest'));
      return true;
    }
    const kind = senderKind(sender, opts.extensionId, opts.extensionOrigin);
    const allowed = SENDERS[message.type];
    if (kind === 'unknown' || (kind === 'content-script' && allowed !== 'content-script')) {
      opts.log.warn(`refused "${message.type}" from ${kind === 'unknown' ? 'an unknown sender' : 'a content script'}`);
      sendResponse(errorReply('errNotAllowed'));
      return true;
    }
    if (!validPayload(message.type, message.payload)) {
      sendResponse(errorReply('errBadRequest'));
      return true;
    }
    const handler = handlers[message.type] as (p: unknown, s: Runtime.MessageSender) => Promise<unknown>;
    handler(message.payload, sender).then(
      (value) => sendResponse({ ok: true, value: value ?? null } satisfies Reply<MessageType>),
      (e: unknown) => {
        if (e instanceof RequestError) sendResponse(errorReply(e.code, e.detail));
        else {
          const detail = e instanceof Error ? e.message : String(e);
          opts.log.error(`"${message.type}" failed: ${detail}`);
          sendResponse(errorReply('errInternal', detail));
        }
      },
    );
    return true;
  };
}
