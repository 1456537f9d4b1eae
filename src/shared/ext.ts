/**
 * The extension API without webextension-polyfill, for code that the content script shares. MV3 browsers need no
 * wrapper for what it uses: `runtime.sendMessage` returns a promise in Chrome ≥ 116 and Firefox, and `browser` is
 * native in Firefox and Chrome ≥ 148. Importing the polyfill instead cost every page about 15–25 ms: its CommonJS
 * default export is copied property by property, which instantiates every API binding of the frame.
 * Extension pages and the background keep the polyfill for everything else.
 */
export interface MessageSender {
  id?: string;
  tab?: unknown;
}

export interface ExtApi {
  runtime: {
    id: string;
    sendMessage(message: unknown): Promise<unknown>;
    /**
     * Answer with `sendResponse` (and return true to answer later): a returned promise is ignored by Chrome before
     * version 146.
     */
    onMessage: {
      addListener(
        listener: (
          message: unknown,
          sender: MessageSender,
          sendResponse: (response: unknown) => void,
        ) => true | undefined,
      ): void;
    };
  };
  i18n: {
    getMessage(key: string, substitutions?: string | string[]): string;
    getUILanguage(): string;
  };
}

/** Looked up on each call: tests install their fake browser after this module is loaded. */
export function ext(): ExtApi {
  const g = globalThis as { browser?: ExtApi; chrome?: ExtApi };
  const api = g.browser ?? g.chrome;
  if (!api) throw new Error('No extension API here (neither browser nor chrome is defined)');
  return api;
}
