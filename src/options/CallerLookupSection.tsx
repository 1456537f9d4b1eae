/**
 * The options page's "CRM lookup": a URL asked for each call's number (the screen pop's placeholders), where its
 * JSON answer holds the name, the company and the record's URL (dotted paths), whether the extension may send the
 * user's cookies to that origin (the host permission for exactly that origin), and "Test" with a number.
 */
import { useEffect, useState } from 'preact/hooks';
import { Field } from './Field.tsx';
import { askPermission, hasPermission, originPattern } from './lookup-permission.ts';
import { LockNote, type SectionProps } from './sections.tsx';
import { dateText, failureText } from './source-text.ts';
import { useContactsStatus } from './use-contacts-status.ts';
import type { LookupTestResult } from '../shared/contacts-status.ts';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';

type Test = { ok: true; result: LookupTestResult } | { ok: false; text: string } | null;

function TestOutcome({ test }: { test: Test }) {
  if (!test) return null;
  if (!test.ok) return <p class="field-error">{test.text}</p>;
  const { matches, withCookies } = test.result;
  return (
    <div class="ok">
      <p>{matches.length === 0 ? t('lookupTestNone') : t('lookupTestFound', matches.map((m) => m.name).join(', '))}</p>
      {matches[0]?.company && <p>{t('lookupTestCompany', matches[0].company)}</p>}
      {matches[0]?.url && <p>{t('lookupTestRecord', matches[0].url)}</p>}
      <p class="hint">{withCookies ? t('lookupTestWithCookies') : t('lookupTestWithoutCookies')}</p>
    </div>
  );
}

export function CallerLookupSection({ form, set, locked, error }: SectionProps) {
  const lookup = form.callerLookup;
  const update = (patch: Partial<typeof lookup>) => set('callerLookup', { ...lookup, ...patch });
  const templateLocked = locked.includes('callerLookup.urlTemplate');
  const fieldsLocked = locked.includes('callerLookup.fields');
  const pattern = originPattern(lookup.urlTemplate);
  const [granted, setGranted] = useState<boolean | null>(null);
  const [number, setNumber] = useState('');
  const [test, setTest] = useState<Test>(null);
  const [testing, setTesting] = useState(false);
  const [status, , reloadStatus] = useContactsStatus();
  useEffect(() => {
    setGranted(null);
    if (pattern) void hasPermission(pattern).then(setGranted);
  }, [pattern]);
  const failure = failureText(status?.crm.lastAttempt);

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    const reply = await request('lookupTest', { number });
    setTesting(false);
    setTest(reply.ok ? { ok: true, result: reply.value } : { ok: false, text: reply.error.message });
    reloadStatus();
  };

  return (
    <fieldset class="lookup">
      <legend>{t('lookupTitle')}</legend>
      <p class="hint">{t('lookupHint')}</p>
      <Field id="lookupUrl" label={t('lookupUrl')} error={error('callerLookup')} hint={t('lookupUrlHint')}>
        <input
          id="lookupUrl"
          type="url"
          value={lookup.urlTemplate}
          disabled={templateLocked}
          placeholder="https://crm.example.com/api/phone?number={e164}"
          onInput={(e) => update({ urlTemplate: e.currentTarget.value })}
        />
      </Field>
      <LockNote show={templateLocked} />
      <div class="three">
        {(['name', 'company', 'url'] as const).map((field) => (
          <Field key={field} id={`lookupField-${field}`} label={t(`lookupField_${field}`)}>
            <input
              id={`lookupField-${field}`}
              value={lookup.fields[field]}
              disabled={fieldsLocked}
              spellcheck={false}
              onInput={(e) => update({ fields: { ...lookup.fields, [field]: e.currentTarget.value } })}
            />
          </Field>
        ))}
      </div>
      <p class="hint">{t('lookupFieldsHint')}</p>
      <LockNote show={fieldsLocked} />
      {pattern && (
        <div class="permission" aria-live="polite">
          <p class="hint">{granted ? t('lookupCookiesGranted', pattern) : t('lookupCookiesNotGranted', pattern)}</p>
          {granted === false && (
            <button type="button" onClick={() => void askPermission(lookup.urlTemplate).then(setGranted)}>
              {t('lookupCookiesGrant')}
            </button>
          )}
        </div>
      )}
      <div class="field">
        <label for="lookupTestNumber">{t('lookupTestNumber')}</label>
        <div class="save-row">
          <input
            id="lookupTestNumber"
            value={number}
            placeholder="777 888 999"
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
          <button type="button" disabled={testing || number.trim() === ''} onClick={() => void runTest()}>
            {t('lookupTest')}
          </button>
        </div>
        <p class="hint">{t('lookupTestHint')}</p>
      </div>
      <div aria-live="polite" data-testid="lookup-result">
        <TestOutcome test={test} />
        {!test && failure && status?.crm.lastAttempt && (
          <p class="field-error">{t('lookupLastFailure', dateText(status.crm.lastAttempt.at), failure)}</p>
        )}
      </div>
    </fieldset>
  );
}
