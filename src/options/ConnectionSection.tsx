/** The options page's "Connection" part: the iPBX URL and its dialect, and how to sign in (a token, or e-mail). */
import { Field } from './Field.tsx';
import { LockNote } from './sections.tsx';
import { SignIn, type SignInProps } from './SignIn.tsx';
import { dialectName } from './TestConnection.tsx';
import './connection.css';
import { t } from '../shared/i18n.ts';
import { TRANSPORTS } from '../shared/transports.ts';
import { isWebSocketUrl } from '../shared/urls.ts';

export type AuthMode = 'token' | 'rest';

function insecureWarning(url: string): boolean {
  if (!isWebSocketUrl(url)) return false;
  const u = new URL(url);
  return u.protocol === 'ws:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export function ConnectionSection(
  props: SignInProps & { mode: AuthMode; setMode(mode: AuthMode): void; invalid: (key: 'pbxUrl') => boolean },
) {
  const { form, shown, set, locked, error, mode, setMode } = props;
  const isLocked = (k: 'pbxUrl' | 'transport') => locked.includes(k);
  return (
    <fieldset>
      <legend>{t('optConnection')}</legend>
      <Field
        id="pbxUrl"
        label={t('optPbxUrl')}
        error={error('pbxUrl')}
        hint={insecureWarning(form.pbxUrl) ? t('optInsecureWs') : t('optPbxUrlHint')}
      >
        <input
          id="pbxUrl"
          type="url"
          value={shown.pbxUrl}
          disabled={isLocked('pbxUrl')}
          placeholder="wss://pbx.example.com/ws"
          aria-invalid={props.invalid('pbxUrl') ? 'true' : 'false'}
          onInput={(e) => set('pbxUrl', e.currentTarget.value)}
        />
      </Field>
      <LockNote show={isLocked('pbxUrl')} />
      <Field id="transport" label={t('optTransport')} hint={t('optTransportHint')}>
        <select
          id="transport"
          value={shown.transport}
          disabled={isLocked('transport')}
          onChange={(e) => {
            const picked = TRANSPORTS.find((d) => d === e.currentTarget.value);
            if (picked) set('transport', picked);
          }}
        >
          {TRANSPORTS.map((d) => (
            <option key={d} value={d}>
              {dialectName(d)}
            </option>
          ))}
        </select>
      </Field>
      <LockNote show={isLocked('transport')} />
      <div class="field" role="radiogroup" aria-label={t('optAuth')}>
        <span class="label">{t('optAuth')}</span>
        <label class="inline">
          <input type="radio" name="auth" checked={mode === 'token'} onChange={() => setMode('token')} />
          {t('optAuthToken')}
        </label>
        <label class="inline">
          <input type="radio" name="auth" checked={mode === 'rest'} onChange={() => setMode('rest')} />
          {t('optAuthRest')}
        </label>
      </div>
      {mode === 'token' ? (
        <Field id="token" label={t('optToken')} error={error('token')}>
          <input
            id="token"
            type="password"
            autocomplete="off"
            value={form.token}
            onInput={(e) => set('token', e.currentTarget.value)}
          />
        </Field>
      ) : (
        <SignIn {...props} />
      )}
    </fieldset>
  );
}
