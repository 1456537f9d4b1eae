/** A scripted fetch for the sign-in tests: answers in order (the last one repeats) and records each request. */
import type { FetchLike } from '../../src/background/token-request.ts';

export type FetchInit = Parameters<FetchLike>[1];
export type FetchResult = Awaited<ReturnType<FetchLike>>;

export interface FetchCall {
  url: string;
  init: FetchInit;
}

export function fakeFetch(
  ...responses: (FetchResult | Error | (() => Promise<FetchResult>))[]
): FetchLike & { calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fn = async (url: string, init: FetchInit): Promise<FetchResult> => {
    calls.push({ url, init });
    const next = responses[Math.min(calls.length - 1, responses.length - 1)];
    if (next === undefined) throw new Error('no scripted response');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next;
  };
  return Object.assign(fn, { calls });
}

export function textResponse(status: number, text: string): FetchResult {
  return { ok: status >= 200 && status < 300, status, text: async () => text };
}

export function jsonResponse(status: number, body: unknown): FetchResult {
  return textResponse(status, JSON.stringify(body));
}

/** What Node's fetch (undici) throws: a TypeError "fetch failed" with the system or TLS error as its cause. */
export function nodeFetchFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}
