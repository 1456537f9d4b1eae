/**
 * Receives every runtime message, checks who sent it, validates its payload and answers with a typed Reply.
 * Web pages cannot reach it at all (no externally_connectable); our content scripts may send only what SENDERS
 * allows them; everything else needs one of our own extension pages.
 */
import * as v from 'valibot';
import type { Runtime } from 'webextension-polyfill';
import { RequestError, requestErrorText } from './requests.ts';
import { errorMessage } from '../shared/errors.ts';
import type { MessageKey } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import { REQUESTS } from '../shared/message-schemas.ts';
import { isMessage, SENDERS, type MessageMap, type MessageType, type Reply } from '../shared/messages.ts';

export type Handlers = {
  [K in MessageType]: (
    payload: MessageMap[K]['request'],
    sender: Runtime.MessageSender,
  ) => Promise<MessageMap[K]['response']>;
};

export type SenderKind = 'extension-page' | 'content-script' | 'unknown';

export function senderKind(sender: Runtime.MessageSender, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return 'unknown';
  if (sender.url?.startsWith(extensionOrigin)) return 'extension-page';
  if (sender.tab !== undefined && sender.url !== undefined) return 'content-script';
  return 'unknown';
}

/** Shape checks (the message's schema): whatever a content script sends is untrusted input. */
export function validPayload(type: MessageType, payload: unknown): boolean {
  return v.is(REQUESTS[type], payload);
}

function errorReply(code: MessageKey, detail?: string): Reply<MessageType> {
  return { ok: false, error: { code, message: requestErrorText(code, detail) } };
}

/** Runs the message's handler with its payload as the schema reads it; null when the payload does not match. */
function handle<K extends MessageType>(
  handlers: Handlers,
  type: K,
  payload: unknown,
  sender: Runtime.MessageSender,
): Promise<unknown> | null {
  const parsed = v.safeParse(REQUESTS[type], payload);
  return parsed.success ? handlers[type](parsed.output, sender) : null;
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
    const handled = handle(handlers, message.type, message.payload, sender);
    if (!handled) {
      sendResponse(errorReply('errBadRequest'));
      return true;
    }
    handled.then(
      (value) => sendResponse({ ok: true, value: value ?? null } satisfies Reply<MessageType>),
      (e: unknown) => {
        if (e instanceof RequestError) sendResponse(errorReply(e.code, e.detail));
        else {
          const detail = errorMessage(e);
          opts.log.error(`"${message.type}" failed: ${detail}`);
          sendResponse(errorReply('errInternal', detail));
        }
      },
    );
    return true;
  };
}
