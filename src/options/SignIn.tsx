/**
 * The e-mail sign-in of the options page: the platform's OAuth token endpoint when its URL is set, else the REST API
 * (issue 15 §1). The password lives in this component's state until the one request that uses it, then is cleared;
 * the background keeps the tokens, never this page.
 */
import { useState } from 'preact/hooks';
import { Field } from './Field.tsx';
import { LockNote, type SectionProps } from './sections.tsx';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { emailSignIn, type Settings } from '../shared/settings.ts';

export interface SignInProps extends SectionProps {
  /** What is in force (the policy's values on top): the servers the sign-in goes to. */
  shown: Settings;
  /** Checks the whole form before anything is sent; false: the errors are shown and nothing happens. */
  check(): boolean;
  /** Saves the form once the sign-in worked (so the stored settings name the server that holds the tokens). */
  commit(): Promise<boolean>;
}

export function SignIn({ form, shown, set, locked, error, check, commit }: SignInProps) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const via = emailSignIn(shown);
  const isLocked = (k: 'oauthTokenUrl' | 'oauthClientId' | 'oauthScope' | 'restUrl') => locked.includes(k);

  const signIn = async () => {
    setResult(null);
    if (!check()) {
      setResult({ ok: false, text: t('optFixErrors') });
      return;
    }
    setBusy(true);
    setResult({ ok: true, text: t('optSigningIn') });
    const { restUrl, oauthTokenUrl, oauthClientId, oauthScope } = shown;
    const reply = await request('signIn', {
      email: form.restEmail,
      password,
      restUrl,
      oauthTokenUrl,
      oauthClientId,
      oauthScope,
    });
    setPassword('');
    setBusy(false);
    if (!reply.ok) return setResult({ ok: false, text: reply.error.message });
    setResult((await commit()) ? { ok: true, text: t('optSignedIn') } : { ok: false, text: t('optFixErrors') });
  };

  return (
    <div class="rest">
      <Field
        id="oauthTokenUrl"
        label={t('optOAuthTokenUrl')}
        error={error('oauthTokenUrl')}
        hint={t('optOAuthTokenUrlHint')}
      >
        <input
          id="oauthTokenUrl"
          type="url"
          value={shown.oauthTokenUrl}
          disabled={isLocked('oauthTokenUrl')}
          placeholder="https://auth.voipex.io/token"
          onInput={(e) => set('oauthTokenUrl', e.currentTarget.value)}
        />
      </Field>
      <div class="two">
        <Field id="oauthClientId" label={t('optOAuthClientId')} error={error('oauthClientId')}>
          <input
            id="oauthClientId"
            value={shown.oauthClientId}
            disabled={isLocked('oauthClientId')}
            onInput={(e) => set('oauthClientId', e.currentTarget.value)}
          />
        </Field>
        <Field id="oauthScope" label={t('optOAuthScope')}>
          <input
            id="oauthScope"
            value={shown.oauthScope}
            disabled={isLocked('oauthScope')}
            onInput={(e) => set('oauthScope', e.currentTarget.value)}
          />
        </Field>
      </div>
      <LockNote show={isLocked('oauthTokenUrl') || isLocked('oauthClientId') || isLocked('oauthScope')} />
      <Field id="restUrl" label={t('optRestUrl')} error={error('restUrl')} hint={t('optRestUrlHint')}>
        <input
          id="restUrl"
          type="url"
          value={shown.restUrl}
          disabled={isLocked('restUrl')}
          placeholder="https://pbx.example.com/api"
          onInput={(e) => set('restUrl', e.currentTarget.value)}
        />
      </Field>
      <LockNote show={isLocked('restUrl')} />
      <Field id="restEmail" label={t('optEmail')}>
        <input
          id="restEmail"
          type="email"
          autocomplete="username"
          value={form.restEmail}
          onInput={(e) => set('restEmail', e.currentTarget.value)}
        />
      </Field>
      <Field id="restPassword" label={t('optPassword')} hint={t('optPasswordHint')}>
        <input
          id="restPassword"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </Field>
      <p class="hint" id="sign-in-via">
        {via?.kind === 'oauth'
          ? t('optSignInOAuth', via.tokenUrl)
          : via?.kind === 'rest'
            ? t('optSignInRest', via.restUrl)
            : t('optSignInNone')}
      </p>
      <button
        type="button"
        aria-describedby="sign-in-via"
        onClick={() => void signIn()}
        disabled={busy || !via || !form.restEmail || !password}
      >
        {t('optSignIn')}
      </button>
      {result && (
        <p class={result.ok ? 'ok' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </div>
  );
}
