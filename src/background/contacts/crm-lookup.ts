/**
 * The CRM lookup (`callerLookup.urlTemplate`): one GET per number, from the background, 3 s at most, answers kept 10
 * minutes. With the host permission for the CRM's origin (the options page asks for exactly that origin when the
 * user saves the URL) the request carries the user's cookies for it; without it, it is a plain CORS request, which
 * a CRM that allows the extension's origin answers. A failure is recorded for the options page and the log, and
 * never holds up a notification: the number's name simply comes from the other sources.
 */
import { readCrmAnswer, type CrmFields, type CrmMatch } from './crm-answer.ts';
import type { SourceFailure } from '../../shared/contacts-status.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';

export const LOOKUP_TIMEOUT_MS = 3_000;
export const LOOKUP_CACHE_MS = 10 * 60_000;
/** Answers kept at most (a day of calls); the oldest go first. */
const CACHE_SIZE = 500;

export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

export class LookupError extends Error {
  constructor(readonly failure: SourceFailure) {
    super(`${failure.code}${failure.detail ? ` (${failure.detail})` : ''}`);
    this.name = 'LookupError';
  }
}

export interface CrmLookupDeps {
  fetch: HttpFetch;
  /** Whether the user granted the host permission for this origin ("https://crm.example.com"). */
  mayUseCookies: (origin: string) => Promise<boolean>;
  /** Each outcome, for the options page (written only when it changes from ok to failed or back). */
  onOutcome: (failure: SourceFailure | null) => void;
  log: Logger;
  now?: () => number;
}

export class CrmLookup {
  private readonly cache = new Map<string, { at: number; matches: CrmMatch[] }>();
  private readonly inFlight = new Map<string, Promise<CrmMatch[]>>();
  private readonly now: () => number;

  constructor(private readonly deps: CrmLookupDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The CRM's matches for an expanded lookup URL, from the cache when it answered in the last 10 minutes. */
  lookup(url: string, fields: CrmFields): Promise<CrmMatch[]> {
    const id = `${url}\n${fields.name}\n${fields.company}\n${fields.url}`;
    const hit = this.cache.get(id);
    if (hit && this.now() - hit.at < LOOKUP_CACHE_MS) return Promise.resolve(hit.matches);
    const pending = this.inFlight.get(id);
    if (pending !== undefined) return pending;
    const asked = this.ask(url, fields)
      .then(
        (answer) => {
          this.cache.delete(id);
          if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value ?? '');
          this.cache.set(id, { at: this.now(), matches: answer.matches });
          this.deps.onOutcome(null);
          return answer.matches;
        },
        (e: unknown) => {
          const failure = e instanceof LookupError ? e.failure : { code: 'crmErrUnreachable' as const };
          this.deps.log.warn(`CRM lookup at ${new URL(url).origin} failed: ${errorMessage(e)}`);
          this.deps.onOutcome(failure);
          throw e;
        },
      )
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, asked);
    return asked;
  }

  /** Forgets every answer (new settings: other fields, another URL). */
  clear(): void {
    this.cache.clear();
  }

  /** One request, never from the cache (the options page's "Test"). */
  async ask(url: string, fields: CrmFields): Promise<{ matches: CrmMatch[]; withCookies: boolean }> {
    const origin = new URL(url).origin;
    // A browser without the permissions API (or one that throws) means no cookies, never a failed lookup.
    const withCookies = await Promise.resolve()
      .then(() => this.deps.mayUseCookies(origin))
      .catch(() => false);
    let response: Response;
    try {
      response = await this.deps.fetch(url, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        credentials: withCookies ? 'include' : 'omit',
        cache: 'no-store',
        redirect: 'follow',
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new LookupError({ code: timedOut ? 'crmErrTimeout' : 'crmErrUnreachable', detail: origin });
    }
    // Many CRMs say "no such number" with a 404.
    if (response.status === 404) return { matches: [], withCookies };
    if (response.status === 401 || response.status === 403)
      throw new LookupError({ code: 'crmErrDenied', detail: String(response.status) });
    if (!response.ok) throw new LookupError({ code: 'crmErrStatus', detail: String(response.status) });
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new LookupError({ code: 'crmErrNotJson', detail: origin });
    }
    return { matches: readCrmAnswer(json, fields), withCookies };
  }
}
