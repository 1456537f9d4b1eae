/**
 * The background's answers to the caller-name messages of extension pages (the router checks sender and payload
 * first): the dial box's suggestions, the options page's Contacts section, "Name this number". Each waits for the
 * engine's start (a message may be what woke a stopped worker).
 */
import type { CallerNames } from '../caller-names.ts';
import type { Handlers } from '../message-router.ts';

export type ContactMessage =
  | 'contactsSearch'
  | 'contactsStatus'
  | 'contactsReload'
  | 'contactsRemoveFile'
  | 'contactsRefresh'
  | 'nameNumber'
  | 'lookupTest';

export type ContactHandlers = Pick<Handlers, ContactMessage>;

export type HandlerNames = Pick<
  CallerNames,
  'search' | 'status' | 'reload' | 'removeFile' | 'refreshIpbx' | 'nameNumber' | 'testLookup'
>;

export function createContactHandlers(ready: Promise<void>, names: HandlerNames): ContactHandlers {
  return {
    contactsSearch: async ({ query }) => {
      await ready;
      return names.search(query);
    },
    contactsStatus: async () => {
      await ready;
      return names.status();
    },
    contactsReload: async ({ source }) => {
      await ready;
      await names.reload(source);
      return names.status();
    },
    contactsRemoveFile: async () => {
      await ready;
      await names.removeFile();
      return names.status();
    },
    contactsRefresh: async () => {
      await ready;
      await names.refreshIpbx();
      return names.status();
    },
    nameNumber: async ({ number, name }) => {
      await ready;
      await names.nameNumber(number, name);
      return null;
    },
    lookupTest: async ({ number }) => {
      await ready;
      return names.testLookup(number);
    },
  };
}
