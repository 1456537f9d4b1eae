/**
 * Settings in: the user's settings with the administrator's policy on top, and from them the connection's target and
 * credentials (a pasted token, or the e-mail sign-in's tokens). Signing in and out goes through here too, so that the
 * tokens belong to the settings in force.
 */
import type { Connection } from './connection.ts';
import { RequestError } from './requests.ts';
import { SignIn, type SignInDeps } from './sign-in.ts';
import { TokenError, type TokenSource } from './tokens.ts';
import type { SignInRequest } from '../shared/messages.ts';
import {
  applyManaged,
  connectionConfig,
  emailSignIn,
  migrateSettings,
  sameConnection,
  type ConnectionConfig,
  type Settings,
} from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';
import type { TransportKind } from '../shared/transports.ts';

export class ConnectionSettings {
  /** In force: the user's settings with the administrator's policy on top. */
  settings: Settings = migrateSettings(undefined);
  private userSettings: Settings = migrateSettings(undefined);
  private managed: unknown = {};
  private active: ConnectionConfig | null = null;
  /** Where the connection's token comes from; other requests to the iPBX (its contact list) use the same. The watchdog
   * refreshes it ahead of expiry. */
  private tokens: TokenSource | null = null;
  private readonly signIns: SignIn;

  constructor(
    private readonly connection: Pick<Connection, 'configure'>,
    private readonly storage: ItemStorage,
    signIn: Omit<SignInDeps, 'storage'>,
  ) {
    this.signIns = new SignIn({ ...signIn, storage });
  }

  /** The dialect of the connection in force, for the connection log. */
  get transport(): TransportKind | undefined {
    return this.active?.transport;
  }

  /** The administrator's policy as the worker starts: it takes effect with the settings that follow. */
  restorePolicy(managed: unknown): void {
    this.managed = managed;
  }

  /** A new administrator policy (storage.managed). */
  applyManagedPolicy(managed: unknown): void {
    this.managed = managed;
    this.applySettings(this.userSettings);
  }

  /** New user settings: reconfigure the connection only when the target or the credentials changed. */
  applySettings(user: Settings): void {
    this.userSettings = user;
    const settings = applyManaged(user, this.managed).settings;
    this.settings = settings;
    const cfg = connectionConfig(settings);
    if (!cfg.ok) {
      this.active = null;
      this.tokens = null;
      this.connection.configure({ problem: cfg.problem });
    } else if (!this.active || !sameConnection(this.active, cfg.config)) {
      this.active = cfg.config;
      const { url, transport, identityType, identityValue, auth } = cfg.config;
      this.tokens = this.signIns.tokens(auth);
      this.connection.configure({ url, transport, identityType, identityValue, tokens: this.tokens });
    }
  }

  /** The token the connection authenticates with (pasted, or the REST sign-in's), for other requests to the iPBX. */
  accessToken(): Promise<string> {
    if (!this.tokens) return Promise.reject(new TokenError('not-signed-in', 'No iPBX sign-in'));
    return this.tokens.current();
  }

  /** Refreshes the sign-in's tokens when they are due (the watchdog). */
  async refreshIfDue(): Promise<void> {
    await this.tokens?.refreshIfDue();
  }

  moveLegacyTokens(): Promise<void> {
    return this.signIns.moveLegacyTokens();
  }

  /**
   * Signs in with e-mail and password: OAuth when the page's settings name a token URL, else the REST API. The
   * password is passed on once and not kept.
   */
  async signIn({ email, password, ...servers }: SignInRequest): Promise<void> {
    // Read like the stored settings (trimmed), so the tokens belong to the URL the settings will name.
    const auth = emailSignIn(migrateSettings({ ...this.settings, ...servers }));
    if (!auth) throw new RequestError('cfgNoAuth');
    await this.signIns.signIn(auth, email.trim(), password);
  }

  /** Forgets every secret: the sign-in's tokens and a pasted token. */
  async signOut(): Promise<void> {
    await this.signIns.signOut();
    await this.storage.update(ITEMS.settings, (settings) => ({ ...settings, token: '' }));
  }
}
