import { getCountries } from 'libphonenumber-js/min';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useSnapshot } from '../shared/use-snapshot.ts';
import { t } from '../shared/i18n.ts';
import { request, type DialectAnswer } from '../shared/messages.ts';
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
import { ConnectionLog } from './ConnectionLog.tsx';
import { ConnectionSection, type AuthMode } from './ConnectionSection.tsx';
import { BackupSection, ClickToCallSection, DialRulesSection, LockNote, ScreenPopSection } from './sections.tsx';
import { CallerLookupSection } from './CallerLookupSection.tsx';
import { ContactsSection } from './ContactsSection.tsx';
import { askPermission } from './lookup-permission.ts';
import { CallWindowSection, PageFeedSection } from './panel-sections.tsx';
import { TestConnection } from './TestConnection.tsx';
import { reasonText, stateLabel } from '../shared/status-text.ts';
import { PAGE_ICON } from '../shared/manifest-names.ts';

function countryOptions(): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([navigator.language], { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function Options() {
  const [form, setForm] = useState<Settings | null>(null);
  const [dirty, setDirty] = useState(false);
  const [mode, setMode] = useState<AuthMode>('token');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [managed, setManaged] = useState<Record<string, unknown>>({});
  const snapshot = useSnapshot();
  const countries = useMemo(countryOptions, []);

  useEffect(() => {
    void loadManaged().then(setManaged);
    void loadSettings().then((s) => {
      setForm(s);
      setMode(s.token === '' && (s.restUrl !== '' || s.oauthTokenUrl !== '') ? 'rest' : 'token');
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

  /** Before a sign-in: the whole form must be valid, or tokens would be stored under settings that fail to save. */
  const checkForSignIn = (): boolean => {
    const invalid = validateSettings(migrateSettings({ ...form, token: '' }));
    setErrors(invalid);
    return Object.keys(invalid).length === 0;
  };
  /** After a sign-in: save the form (without a pasted token), so the settings name the server that holds the tokens. */
  const commitSignIn = async (): Promise<boolean> => {
    const result = await saveSettings({ ...form, token: '' });
    if (result.ok) setDirty(false);
    return result.ok;
  };

  /** Switches the dialect (and the URL it answered at) as "Test connection" offered, and saves. */
  const switchDialect = async (answer: DialectAnswer): Promise<string | null> => {
    if (isLocked('transport')) return t('optLocked');
    const next = { ...form, transport: answer.dialect, pbxUrl: answer.url };
    const result = await saveSettings(next);
    if (!result.ok) return t('optFixErrors');
    setForm(next);
    setDirty(false);
    return null;
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
        <ConnectionSection
          form={form}
          shown={shown}
          set={set}
          locked={locked}
          error={err}
          invalid={(key) => errors[key] !== undefined}
          mode={mode}
          setMode={(next) => {
            setMode(next);
            setDirty(true);
          }}
          check={checkForSignIn}
          commit={commitSignIn}
        />
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
          <TestConnection disabled={dirty} transport={shown.transport} onSwitch={switchDialect} />
          <button type="button" onClick={() => void signOut()}>
            {t('optSignOut')}
          </button>
          {saved && (
            <span class={Object.keys(errors).length ? 'field-error' : 'ok'} role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      <ConnectionLog />
    </main>
  );
}
