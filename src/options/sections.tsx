/** The parts of the options page beyond the connection: dial rules, click-to-call, screen pop, backup. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from './Field.tsx';
import { planDial } from '../shared/dial-rules.ts';
import { t } from '../shared/i18n.ts';
import {
  migrateSettings,
  validateSettings,
  type ManagedKey,
  type ScreenPopWhen,
  type Settings,
} from '../shared/settings.ts';

export interface SectionProps {
  form: Settings;
  set: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
  locked: readonly ManagedKey[];
  error: (key: keyof Settings) => string | undefined;
}

export function LockNote({ show }: { show: boolean }) {
  return show ? <p class="hint locked">🔒 {t('optLocked')}</p> : null;
}

function Check(props: {
  id: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
  children: ComponentChildren;
}) {
  return (
    <label class="inline" for={props.id}>
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.children}
    </label>
  );
}

const SAMPLES = ['+420 777 888 999', '+44 20 7946 0958', '445'];

export function DialRulesSection({ form, set, locked, error }: SectionProps) {
  const [sample, setSample] = useState('');
  const samples = sample.trim() ? [sample] : SAMPLES;
  return (
    <fieldset>
      <legend>{t('optDialRules')}</legend>
      <div class="two">
        <Field id="internationalPrefix" label={t('optIntlPrefix')} error={error('internationalPrefix')}>
          <input
            id="internationalPrefix"
            value={form.internationalPrefix}
            disabled={locked.includes('internationalPrefix')}
            onInput={(e) => set('internationalPrefix', e.currentTarget.value)}
          />
        </Field>
        <Field id="outsideLinePrefix" label={t('optOutsidePrefix')} error={error('outsideLinePrefix')}>
          <input
            id="outsideLinePrefix"
            value={form.outsideLinePrefix}
            disabled={locked.includes('outsideLinePrefix')}
            onInput={(e) => set('outsideLinePrefix', e.currentTarget.value)}
          />
        </Field>
      </div>
      <LockNote show={locked.includes('internationalPrefix') || locked.includes('outsideLinePrefix')} />
      <div class="field">
        <label for="dialSample">{t('optPreview')}</label>
        <input
          id="dialSample"
          value={sample}
          placeholder={SAMPLES.join(', ')}
          onInput={(e) => setSample(e.currentTarget.value)}
        />
        <ul class="preview" aria-live="polite">
          {samples.map((s) => {
            const plan = planDial(s, form, { allowInternal: true });
            return (
              <li key={s}>
                <span>{s}</span> → <strong>{plan.ok ? plan.dial : t('errInvalidNumber')}</strong>
              </li>
            );
          })}
        </ul>
      </div>
    </fieldset>
  );
}

export function ClickToCallSection({ form, set, locked, error }: SectionProps) {
  return (
    <fieldset>
      <legend>{t('optClickToCall')}</legend>
      <Check id="enabled" checked={form.enabled} onChange={(v) => set('enabled', v)}>
        {t('optEnabled')}
      </Check>
      <div class={`field${error('disabledSites') ? ' invalid' : ''}`}>
        <label for="disabledSites">{t('optExcluded')}</label>
        <textarea
          id="disabledSites"
          rows={4}
          value={form.disabledSites.join('\n')}
          disabled={locked.includes('disabledSites')}
          placeholder={'example.com\n*.intranet.example.org'}
          onInput={(e) =>
            set(
              'disabledSites',
              e.currentTarget.value
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean),
            )
          }
        />
        <p class="hint">{t('optExcludedHint')}</p>
        <LockNote show={locked.includes('disabledSites')} />
      </div>
      <Check
        id="confirmForeign"
        checked={form.confirmForeign}
        disabled={locked.includes('confirmForeign')}
        onChange={(v) => set('confirmForeign', v)}
      >
        {t('optConfirmForeign')}
      </Check>
      <LockNote show={locked.includes('confirmForeign')} />
    </fieldset>
  );
}

export function ScreenPopSection({ form, set, locked, error }: SectionProps) {
  const sp = form.screenPop;
  const off = locked.includes('screenPop');
  const update = (patch: Partial<Settings['screenPop']>) => set('screenPop', { ...sp, ...patch });
  return (
    <fieldset>
      <legend>{t('optScreenPop')}</legend>
      <LockNote show={off} />
      <Check id="spEnabled" checked={sp.enabled} disabled={off} onChange={(v) => update({ enabled: v })}>
        {t('optSpEnabled')}
      </Check>
      <Field id="spTemplate" label={t('optSpTemplate')} error={error('screenPop')} hint={t('optSpTemplateHint')}>
        <input
          id="spTemplate"
          type="url"
          value={sp.urlTemplate}
          disabled={off}
          placeholder="https://crm.example.com/search?phone={e164}"
          onInput={(e) => update({ urlTemplate: e.currentTarget.value })}
        />
      </Field>
      <div class="field">
        <label for="spWhen">{t('optSpWhen')}</label>
        <select
          id="spWhen"
          value={sp.when}
          disabled={off}
          onChange={(e) => update({ when: e.currentTarget.value as ScreenPopWhen })}
        >
          <option value="ringing">{t('optSpRinging')}</option>
          <option value="answered">{t('optSpAnswered')}</option>
        </select>
      </div>
      <Check id="spIncoming" checked={sp.incomingOnly} disabled={off} onChange={(v) => update({ incomingOnly: v })}>
        {t('optSpIncomingOnly')}
      </Check>
      <Check id="spAnonymous" checked={sp.skipAnonymous} disabled={off} onChange={(v) => update({ skipAnonymous: v })}>
        {t('optSpSkipAnonymous')}
      </Check>
      <Check id="spInternal" checked={sp.skipInternal} disabled={off} onChange={(v) => update({ skipInternal: v })}>
        {t('optSpSkipInternal')}
      </Check>
      <Check id="spReuse" checked={sp.reuseTab} disabled={off} onChange={(v) => update({ reuseTab: v })}>
        {t('optSpReuse')}
      </Check>
    </fieldset>
  );
}

/** Export without secrets; import validates everything and keeps the secrets already stored. */
export function BackupSection({
  form,
  onImport,
}: {
  form: Settings;
  onImport: (s: Settings) => Promise<string | null>;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const exportSettings = () => {
    const { token: _token, ...rest } = form;
    const blob = new Blob([JSON.stringify(rest, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'ipbx-connect-settings.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importSettings = async (file: File | undefined) => {
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setMessage({ ok: false, text: t('optImportBadJson') });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setMessage({ ok: false, text: t('optImportBadJson') });
      return;
    }
    const next = migrateSettings({ ...parsed, token: form.token });
    const errors = validateSettings(next);
    const first = Object.values(errors)[0];
    if (first) {
      setMessage({ ok: false, text: t('optImportInvalid', t(first)) });
      return;
    }
    const failure = await onImport(next);
    setMessage(failure ? { ok: false, text: failure } : { ok: true, text: t('optImported') });
  };
  return (
    <fieldset>
      <legend>{t('optBackup')}</legend>
      <p class="hint">{t('optBackupHint')}</p>
      <div class="save-row">
        <button type="button" onClick={exportSettings}>
          {t('optExport')}
        </button>
        <label class="button">
          {t('optImport')}
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(e) => void importSettings(e.currentTarget.files?.[0])}
          />
        </label>
      </div>
      {message && (
        <p class={message.ok ? 'ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
