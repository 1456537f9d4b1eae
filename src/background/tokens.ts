/**
 * Where the auth token comes from: a token pasted in the options page, or an e-mail sign-in (the platform's OAuth
 * token endpoint or the older REST API, token-endpoints.ts) whose tokens are kept and refreshed. The password is used
 * for one request and never stored; the tokens live in the background's own IndexedDB (storage/items.ts).
 */
import type { StoredTokens } from '../shared/storage/items.ts';
import type { StatusReason } from '../shared/status.ts';
import type { TokenEndpoint } from './token-endpoints.ts';
import { TokenError } from './token-request.ts';

export { TokenError, type FetchLike, type TokenErrorCode } from './token-request.ts';
export type { StoredTokens };

export interface TokenSource {
  /** The token to put in the next auth frame. Throws TokenError when there is none. */
  current(): Promise<string>;
  /**
   * The iPBX refused the token: get a fresh one. False when nothing can be renewed (a pasted token, nobody signed
   * in); throws TokenError when the refresh failed (`rejected`: the sign-in is over).
   */
  renew(): Promise<boolean>;
  /** Called by the watchdog: refresh ahead of expiry so a reconnect never meets an expired token. */
  refreshIfDue(): Promise<void>;
}

export function staticToken(token: string): TokenSource {
  return {
    current: async () => token,
    renew: async () => false,
    refreshIfDue: async () => {},
  };
}

export interface TokenStore {
  load(): Promise<StoredTokens | null>;
  save(tokens: StoredTokens | null): Promise<void>;
}

/** Refresh when this share of a token's life has passed. */
const REFRESH_AT = 0.8;

/** What a failed token look-up means for the connection: stop and tell the user, or try again later. */
export function tokenVerdict(e: unknown): { stop: StatusReason; detail?: string } | { retry: StatusReason } {
  if (!(e instanceof TokenError)) return { retry: 'reasonRestUnreachable' };
  switch (e.code) {
    case 'not-signed-in':
      return { stop: 'reasonNotSignedIn' };
    case 'rejected':
      return { stop: 'reasonSignInAgain', detail: e.message };
    case 'invalid-client':
    case 'refused':
      return { stop: 'reasonSignInRefused', detail: e.message };
    default:
      return { retry: 'reasonRestUnreachable' };
  }
}

/** Tokens from an e-mail sign-in: refreshed at 80 % of their life, and once when the iPBX refuses them. */
export class SignedInTokens implements TokenSource {
  private inFlight: Promise<StoredTokens> | null = null;

  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly store: TokenStore,
    private readonly now: () => number = Date.now,
    /** The refresh token is dead: the user has to sign in again (and is told so with a notification). */
    private readonly onExpired: () => void = () => undefined,
  ) {}

  private async stored(): Promise<StoredTokens> {
    const t = await this.store.load();
    if (!t || t.restUrl !== this.endpoint.url || (t.kind ?? 'rest') !== this.endpoint.kind) {
      throw new TokenError('not-signed-in', 'Not signed in', this.endpoint.url);
    }
    return t;
  }

  /**
   * Due at 80 % of the access token's life, or of the refresh token's where that is shorter (an OAuth server may
   * give the refresh token less time than the access token: waiting for the access token would find it dead).
   */
  private isDue(t: StoredTokens): boolean {
    const access = t.issuedAt + (t.expiresAt - t.issuedAt) * REFRESH_AT;
    const refresh =
      t.refreshExpiresAt === undefined ? Infinity : t.issuedAt + (t.refreshExpiresAt - t.issuedAt) * REFRESH_AT;
    return this.now() >= Math.min(access, refresh);
  }

  /** One refresh at a time; a refresh token the server refuses (or that is past its life) ends the sign-in. */
  private refresh(t: StoredTokens): Promise<StoredTokens> {
    this.inFlight ??= (async () => {
      try {
        if (t.refreshExpiresAt !== undefined && this.now() >= t.refreshExpiresAt) {
          throw new TokenError('rejected', 'the sign-in has expired', this.endpoint.url);
        }
        const next = await this.endpoint.refresh(t);
        await this.store.save(next);
        return next;
      } catch (e) {
        if (e instanceof TokenError && e.code === 'rejected') {
          await this.store.save(null);
          this.onExpired();
        }
        throw e;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  async current(): Promise<string> {
    const t = await this.stored();
    return this.isDue(t) ? (await this.refresh(t)).accessToken : t.accessToken;
  }

  async renew(): Promise<boolean> {
    const t = await this.stored().catch(() => null);
    if (!t) return false;
    await this.refresh(t);
    return true;
  }

  async refreshIfDue(): Promise<void> {
    const t = await this.stored().catch(() => null);
    // A failure is told where it matters: onExpired for a dead sign-in, the next connect for the rest.
    if (t && this.isDue(t)) await this.refresh(t).catch(() => undefined);
  }
}
