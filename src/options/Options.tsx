import { getCountries } from 'libphonenumber-js/min';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useSnapshot } from '../shared/use-snapshot.ts';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { IDENTITY_TYPES, type IdentityType } from '../shared/protocol.ts';
import {
  applyManaged,
  migrateSettings,
  validateSettings,
  type FieldErrors,
  type ManagedKey,
  type Settings,
} from '../shared/settings.ts';
import { loadManaged, loadSettings, onSettingsChanged, saveSettings } from '../shared/settings-store.ts';
import { Field } from './Field.tsx';
import { BackupSection, ClickToCallSection, DialRulesSection, LockNote, ScreenPopSection } from './sections.tsx';
import { CallerLookupSection } from './CallerLookupSection.tsx';
import { ContactsSection } from './ContactsSection.tsx';
import { askPermission } from './lookup-permission.ts';
import { CallWindowSection, PageFeedSection } from './panel-sections.tsx';
import { reasonText, stateLabel } from '../shared/status-text.ts';
import { PAGE_ICON } from '../shared/manifest-names.ts';
import { isWebSocketUrl } from '../shared/urls.ts';

type AuthMode = 'token' | 'rest';

function countryOptions(): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([navigator.language], { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function insecureWarning(url: string): boolean {
  if (!isWebSocketUrl(url)) return false;
  const u = new URL(url);
  return u.protocol === 'ws:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export function Options() {
  const [form, setForm] = useState<Settings | null>(null);
  const [dirty, setDirty] = useState(false);
  const [mode, setMode] = useState<AuthMode>('token');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [loginResult, setLoginResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [managed, setManaged] = useState<Record<string, unknown>>({});
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);
  const snapshot = useSnapshot();
  const countries = useMemo(countryOptions, []);

  useEffect(() => {
    void loadManaged().then(setManaged);
    void loadSettings().then((s) => {
      setForm(s);
      setMode(s.token === '' && s.restUrl !== '' ? 'rest' : 'token');
    });
  }, []);
  // Settings written elsewhere (another tab, a policy, the demo) show up unless the user is editing.
  useEffect(() => onSettingsChanged((s) => !dirty && setForm(s)), [dirty]);

  if (!form) return <main class="loading">…</main>;
  // The administrator's values are shown, locked; the user's own values stay stored underneath.
  const { settings: shown, locked } = applyManaged(form, managed);
  const isLocked = (k: ManagedKey) => locked.includes(k);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setForm({ ...form, [key]: value });
    setDirty(true);
    setSaved(null);
    setTestResult(null);
  };
  const err = (key: keyof Settings) => {
    const error = errors[key];
    return error ? t(error) : undefined;
  };

  const save = async (e: Event) => {
    e.preventDefault();
    // First, within the gesture: the CRM lookup's cookies for its origin only (refusing still saves).
    if (!isLocked('callerLookup.urlTemplate')) void askPermission(form.callerLookup.urlTemplate);
    const next = mode === 'rest' ? { ...form, token: '' } : form;
    const result = await saveSettings(next);
    if (result.ok) {
      setErrors({});
      setDirty(false);
      setSaved(t('optSaved'));
    } else {
      setErrors(result.errors);
      setSaved(t('optFixErrors'));
      document.getElementById(Object.keys(result.errors)[0] ?? '')?.focus();
    }
  };

  /** Wipes every secret: the pasted token and the REST sign-in. */
  const signOut = async () => {
    const reply = await request('restLogout', null);
    setSaved(reply.ok ? t('optSignedOut') : reply.error.message);
    if (reply.ok) {
      setForm({ ...form, token: '' });
      setDirty(false);
    }
  };

  /** Connects with the saved settings and shows how that attempt ended, in words, next to the button. */
  const testConnection = async () => {
    setTesting(true);
    setSaved(null);
    setTestResult({ ok: true, text: t('optTesting') });
    const reply = await request('reconnect', null);
    setTesting(false);
    if (!reply.ok) {
      setTestResult({ ok: false, text: reply.error.message });
      return;
    }
    const status = reply.value;
    const reason = reasonText(status);
    setTestResult({
      ok: status.state === 'connected',
      text: reason ? `${stateLabel(status)}: ${reason}` : stateLabel(status),
    });
  };

  const signIn = async () => {
    setLoginResult(null);
    // Check the form first: tokens stored under settings that then fail to save would be a half-applied sign-in.
    const next = { ...form, token: '' };
    const invalid = validateSettings(migrateSettings(next));
    if (Object.keys(invalid).length > 0) {
      setErrors(invalid);
      setLoginResult({ ok: false, text: t('optFixErrors') });
      return;
    }
    const reply = await request('restLogin', { restUrl: form.restUrl, email: form.restEmail, password });
    setPassword('');
    if (!reply.ok) {
      setLoginResult({ ok: false, text: reply.error.message });
      return;
    }
    const result = await saveSettings(next);
    setLoginResult(result.ok ? { ok: true, text: t('optSignedIn') } : { ok: false, text: t('errBadRequest') });
    if (result.ok) setDirty(false);
  };

  return (
    <main>
      <header>
        <img src={`/${PAGE_ICON}`} alt="" width="32" height="32" />
        <h1>{t('optTitle')}</h1>
      </header>
      {snapshot && (
        <p class={`conn conn-${snapshot.status.state}`} role="status" aria-live="polite">
          <strong>{stateLabel(snapshot.status)}</strong> {reasonText(snapshot.status)}
        </p>
      )}
      <form onSubmit={(e) => void save(e)} noValidate>
        <fieldset>
          <legend>{t('optConnection')}</legend>
          <Field
            id="pbxUrl"
            label={t('optPbxUrl')}
            error={err('pbxUrl')}
            hint={insecureWarning(form.pbxUrl) ? t('optInsecureWs') : t('optPbxUrlHint')}
          >
            <input
              id="pbxUrl"
              type="url"
              value={shown.pbxUrl}
              disabled={isLocked('pbxUrl')}
              placeholder="wss://pbx.example.com/ws"
              aria-invalid={errors.pbxUrl ? 'true' : 'false'}
              onInput={(e) => set('pbxUrl', e.currentTarget.value)}
            />
          </Field>
          <LockNote show={isLocked('pbxUrl')} />
          <div class="field" role="radiogroup" aria-label={t('optAuth')}>
            <span class="label">{t('optAuth')}</span>
            <label class="inline">
              <input
                type="radio"
                name="auth"
                checked={mode === 'token'}
                onChange={() => {
                  setMode('token');
                  setDirty(true);
                }}
              />
              {t('optAuthToken')}
            </label>
            <label class="inline">
              <input
                type="radio"
                name="auth"
                checked={mode === 'rest'}
                onChange={() => {
                  setMode('rest');
                  setDirty(true);
                }}
              />
              {t('optAuthRest')}
            </label>
          </div>
          {mode === 'token' ? (
            <Field id="token" label={t('optToken')} error={err('token')}>
              <input
                id="token"
                type="password"
                autocomplete="off"
                value={form.token}
                onInput={(e) => set('token', e.currentTarget.value)}
              />
            </Field>
          ) : (
            <div class="rest">
              <Field id="restUrl" label={t('optRestUrl')} error={err('restUrl')}>
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
              <button
                type="button"
                onClick={() => void signIn()}
                disabled={!form.restUrl || !form.restEmail || !password}
              >
                {t('optSignIn')}
              </button>
              {loginResult && (
                <p class={loginResult.ok ? 'ok' : 'field-error'} role="status">
                  {loginResult.text}
                </p>
              )}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('optIdentity')}</legend>
          <Field id="identityType" label={t('optIdentityType')}>
            <select
              id="identityType"
              value={shown.identityType}
              disabled={isLocked('identityType')}
              onChange={(e) => set('identityType', e.currentTarget.value as IdentityType)}
            >
              {IDENTITY_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`optIdentity_${type}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="identityValue" label={t('optIdentityValue')} error={err('identityValue')}>
            <input
              id="identityValue"
              value={form.identityValue}
              onInput={(e) => set('identityValue', e.currentTarget.value)}
            />
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('optCalls')}</legend>
          <Field id="defaultCountry" label={t('optCountry')} error={err('defaultCountry')}>
            <select
              id="defaultCountry"
              value={shown.defaultCountry}
              disabled={isLocked('defaultCountry')}
              onChange={(e) => set('defaultCountry', e.currentTarget.value)}
            >
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </Field>
          <LockNote show={isLocked('defaultCountry') || isLocked('identityType')} />
          <label class="inline">
            <input
              type="checkbox"
              checked={form.notifications}
              onChange={(e) => set('notifications', e.currentTarget.checked)}
            />
            {t('optNotifications')}
          </label>
        </fieldset>
        <DialRulesSection form={shown} set={set} locked={locked} error={err} />
        <ClickToCallSection form={shown} set={set} locked={locked} error={err} />
        <ScreenPopSection form={shown} set={set} locked={locked} error={err} />
        <ContactsSection form={shown} set={set} locked={locked} error={err} />
        <CallerLookupSection form={shown} set={set} locked={locked} error={err} />
        <CallWindowSection form={shown} set={set} locked={locked} error={err} />
        <PageFeedSection form={shown} set={set} locked={locked} error={err} />
        <BackupSection
          form={form}
          onImport={async (next) => {
            const result = await saveSettings(next);
            if (!result.ok) return t('optFixErrors');
            setForm(next);
            setDirty(false);
            return null;
          }}
        />
        <div class="save-row">
          <button type="submit" class="primary">
            {t('optSave')}
          </button>
          <button type="button" disabled={dirty || testing} onClick={() => void testConnection()}>
            {t('optTest')}
          </button>
          <button type="button" onClick={() => void signOut()}>
            {t('optSignOut')}
          </button>
          {saved && (
            <span class={Object.keys(errors).length ? 'field-error' : 'ok'} role="status">
              {saved}
            </span>
          )}
          {testResult && !saved && (
            <span class={testResult.ok ? 'ok' : 'field-error'} role="status" data-testid="test-result">
              {testResult.text}
            </span>
          )}
        </div>
      </form>
    </main>
  );
}
