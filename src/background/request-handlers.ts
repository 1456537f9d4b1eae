/**
 * The background's answer to each message (the router checks sender and payload first). Each waits until the engine
 * has restored its state: a message may be what woke a stopped worker.
 */
import type { CallGuard } from './call-guard/call-guard.ts';
import type { Engine } from './engine.ts';
import type { Handlers } from './message-router.ts';
import type { PageCalls } from './page-calls.ts';
import { signInError } from './request-errors.ts';

export type HandlerEngine = Pick<
  Engine,
  'ready' | 'snapshot' | 'originate' | 'hangup' | 'transfer' | 'testConnection' | 'restLogin' | 'signOut'
>;
export type HandlerPageCalls = Pick<PageCalls, 'pageConfig' | 'classify'>;
export type HandlerGuard = Pick<CallGuard, 'pageCall' | 'details' | 'answer'>;
/** The screen pop's records held back from a flood (screen-pop.ts). */
export interface HandlerRecords {
  open(uniqueId: string): Promise<void>;
}

export function createHandlers(
  engine: HandlerEngine,
  pageCalls: HandlerPageCalls,
  guard: HandlerGuard,
  records: HandlerRecords,
): Handlers {
  return {
    getSnapshot: async () => {
      await engine.ready;
      return engine.snapshot();
    },
    pageConfig: async (_payload, sender) => {
      await engine.ready;
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
    restLogin: async ({ restUrl, email, password }) => {
      await engine.ready;
      await engine.restLogin(restUrl, email, password).catch((e: unknown) => {
        throw signInError(e);
      });
      return null;
    },
    restLogout: async () => {
      await engine.ready;
      await engine.signOut();
      return null;
    },
  };
}
