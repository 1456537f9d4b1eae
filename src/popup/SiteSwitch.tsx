import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import type { Settings } from '../shared/settings.ts';
import { updateSettings } from '../shared/settings-store.ts';
import { hostOf, isSiteEnabled, siteMatches } from '../shared/sites.ts';

/** Click-to-call on or off for the active tab's site (settings.disabledSites). */
export function SiteSwitch({ settings, locked }: { settings: Settings; locked: boolean }) {
  const [host, setHost] = useState<string | null>(null);
  useEffect(() => {
    // activeTab lets the popup read the URL of the tab it was opened on.
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      const url = tab?.url ?? '';
      setHost(/^https?:/.test(url) ? hostOf(url) : '');
    });
  }, []);
  if (host === null) return null;
  if (host === '') return <p class="site muted">{t('siteNoSite')}</p>;
  const on = isSiteEnabled(host, settings);
  const toggle = async () => {
    const disabledSites = on
      ? [...settings.disabledSites, host]
      : settings.disabledSites.filter((p) => !siteMatches(host, p));
    await updateSettings({ disabledSites });
  };
  return (
    <div class="site">
      <label class="switch">
        <input
          type="checkbox"
          // biome-ignore lint/a11y/useAriaPropsForRole: a native checkbox's `checked` is its state; ARIA in HTML forbids aria-checked on it
          role="switch"
          checked={on}
          disabled={!settings.enabled || locked}
          onChange={() => void toggle()}
        />
        <span>{t('siteOn', host)}</span>
      </label>
      {!settings.enabled && <p class="muted">{t('siteGloballyOff')}</p>}
      {locked && <p class="muted">🔒 {t('optLocked')}</p>}
    </div>
  );
}
