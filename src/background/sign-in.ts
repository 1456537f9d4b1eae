/**
 * The e-mail sign-in as the engine uses it: which token source a connection gets, signing in (the password goes into
 * one request and is forgotten), signing out, and the tokens an earlier version left where content scripts could
 * read them. The tokens are the registry's restTokens item: the background's own IndexedDB.
 */
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { AuthSource } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import { oauthEndpoint, restEndpoint, type TokenEndpoint } from './token-endpoints.ts';
import type { FetchLike, SignInAudit } from './token-request.ts';
import { SignedInTokens, staticToken, type TokenSource, type TokenStore } from './tokens.ts';

export type EmailAuth = Exclude<AuthSource, { kind: 'token' }>;

export interface SignInDeps {
  storage: ItemStorage;
  fetch: FetchLike;
  log: Logger;
  now: () => number;
  /** Each request to a sign-in server, for the connection log (which redacts it). */
  audit?: SignInAudit | undefined;
  /** The refresh token died: the user must sign in again (background/sign-in-notice.ts tells them). */
  onExpired?: (() => void) | undefined;
}

export class SignIn {
  constructor(private readonly deps: SignInDeps) {}

  /** The token source of a connection's settings. */
  tokens(auth: AuthSource): TokenSource {
    if (auth.kind === 'token') return staticToken(auth.token);
    return new SignedInTokens(this.endpoint(auth), this.store(), this.deps.now, () => this.deps.onExpired?.());
  }

  /** Signs in; the password goes no further than the one request. */
  async signIn(auth: EmailAuth, email: string, password: string): Promise<void> {
    await this.store().save(await this.endpoint(auth).signIn(email, password));
  }

  /** Forgets the tokens. */
  signOut(): Promise<void> {
    return this.store().save(null);
  }

  /** Earlier versions kept the REST tokens in storage.local, which Firefox lets content scripts read: move them. */
  async moveLegacyTokens(): Promise<void> {
    const { storage } = this.deps;
    try {
      if (!(await storage.has(ITEMS.legacyRestTokens))) return;
      const legacy = await storage.get(ITEMS.legacyRestTokens);
      if (legacy && !(await storage.get(ITEMS.restTokens))) await storage.set(ITEMS.restTokens, legacy);
      await storage.remove(ITEMS.legacyRestTokens);
    } catch (e) {
      this.deps.log.error(`could not move the sign-in tokens: ${errorMessage(e)}`);
    }
  }

  private endpoint(auth: EmailAuth): TokenEndpoint {
    const deps = { fetch: this.deps.fetch, now: this.deps.now, audit: this.deps.audit };
    return auth.kind === 'oauth' ? oauthEndpoint(auth, deps) : restEndpoint(auth.restUrl, deps);
  }

  private store(): TokenStore {
    const { storage } = this.deps;
    return {
      load: () => storage.get(ITEMS.restTokens),
      save: (t) => (t ? storage.set(ITEMS.restTokens, t) : storage.remove(ITEMS.restTokens)),
    };
  }
}
