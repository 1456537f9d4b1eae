/**
 * The background's answer to each message (the router checks sender and payload first). Each waits until the engine
 * has restored its state: a message may be what woke a stopped worker.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CallGuard } from './call-guard/call-guard.ts';
import type { Engine } from './engine.ts';
import type { Handlers } from './message-router.ts';
import type { PageCalls } from './page-calls.ts';
import { signInError } from './request-errors.ts';
import type { ContactHandlers } from './contacts/contact-handlers.ts';

export type HandlerEngine = Pick<
  Engine,
  'ready' | 'snapshot' | 'originate' | 'hangup' | 'transfer' | 'testConnection' | 'probeDialects' | 'signIn' | 'signOut'
>;
export type HandlerPageCalls = Pick<PageCalls, 'pageConfig' | 'classify'>;
/** The call window, the seen mark of missed calls, and the page feed's frames (issue 17). */
export interface HandlerPanels {
  openWindow(): Promise<void>;
  missedSeen(): Promise<void>;
  /** A content script asked for its page config, as every frame does on load (page-feed.ts). */
  frameLoaded(sender: Runtime.MessageSender): void;
}

/** Caller names' messages, and what sign-out wipes of them (the iPBX's contact list). */
export interface HandlerContacts {
  handlers: ContactHandlers;
  signedOut(): Promise<void>;
}

export type HandlerGuard = Pick<CallGuard, 'pageCall' | 'details' | 'answer'>;
/** The screen pop's records held back from a flood (screen-pop.ts). */
export interface HandlerRecords {
  open(uniqueId: string): Promise<void>;
}

/** What the handlers answer with: the engine and the modules that own each kind of message. */
export interface HandlerParts {
  engine: HandlerEngine;
  pageCalls: HandlerPageCalls;
  guard: HandlerGuard;
  records: HandlerRecords;
  contacts: HandlerContacts;
  panels: HandlerPanels;
}

export function createHandlers({ engine, pageCalls, guard, records, contacts, panels }: HandlerParts): Handlers {
  return {
    ...contacts.handlers,
    getSnapshot: async () => {
      await engine.ready;
      return engine.snapshot();
    },
    pageConfig: async (_payload, sender) => {
      await engine.ready;
      panels.frameLoaded(sender);
      return pageCalls.pageConfig(sender);
    },
    classifyNumbers: async (payload) => {
      await engine.ready;
      return pageCalls.classify(payload);
    },
    originate: async ({ to }) => {
      await engine.ready;
      return engine.originate(to);
    },
    pageCall: async (payload, sender) => {
      await engine.ready;
      return guard.pageCall(payload, sender);
    },
    guardDetails: async ({ id }, sender) => {
      await engine.ready;
      return guard.details(id, sender);
    },
    guardAnswer: async ({ id, call }, sender) => {
      await engine.ready;
      await guard.answer(id, call, sender);
      return null;
    },
    openRecord: async ({ uniqueId }) => {
      await engine.ready;
      await records.open(uniqueId);
      return null;
    },
    hangup: async ({ uniqueId }) => {
      await engine.ready;
      await engine.hangup(uniqueId);
      return null;
    },
    transfer: async ({ uniqueId, to, type }) => {
      await engine.ready;
      await engine.transfer(uniqueId, to, type);
      return null;
    },
    reconnect: async () => {
      await engine.ready;
      return engine.testConnection();
    },
    probeDialects: async () => {
      await engine.ready;
      return engine.probeDialects();
    },
    signIn: async (payload) => {
      await engine.ready;
      await engine.signIn(payload).catch((e: unknown) => {
        throw signInError(e);
      });
      return null;
    },
    restLogout: async () => {
      await engine.ready;
      await engine.signOut();
      await contacts.signedOut();
      return null;
    },
    openPanelWindow: async () => {
      await panels.openWindow();
      return null;
    },
    missedSeen: async () => {
      await panels.missedSeen();
      return null;
    },
  };
}
