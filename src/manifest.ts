import { defineManifest } from '@crxjs/vite-plugin';
import pkg from '../package.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

export const GECKO_ID = 'ipbx-connect@ipbx-connect.org';

/** One manifest per browser (see ../shared/PLATFORM-NOTES.md): Chrome gets a service worker, Firefox an event page. */
export function makeManifest(browser: TargetBrowser) {
  const icons = { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' };
  const background =
    browser === 'chrome'
      ? { service_worker: 'src/background/index.ts', type: 'module' as const }
      : { scripts: ['src/background/index.ts'], type: 'module' as const };
  return defineManifest({
    manifest_version: 3,
    name: '__MSG_extName__',
    short_name: 'iPBX Connect',
    description: '__MSG_extDescription__',
    version: pkg.version,
    default_locale: 'en',
    icons,
    action: { default_popup: 'src/popup/index.html', default_title: '__MSG_actionTitle__', default_icon: icons },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    background,
    // storage: settings and call state; alarms: the connection watchdog; notifications: ringing calls;
    // contextMenus: "Call <selection>"; activeTab: the popup's per-site switch reads the tab it was opened on.
    permissions: ['storage', 'alarms', 'notifications', 'contextMenus', 'activeTab'],
    // One small self-contained script per frame (no web_accessible_resources, so pages cannot detect us), and a
    // stylesheet for the marks that page CSP cannot block.
    content_scripts: [
      {
        matches: ['<all_urls>'],
        js: ['src/content/index.iife.ts'],
        css: ['src/content/marks.css'],
        all_frames: true,
        match_about_blank: true,
        ...(browser === 'chrome' ? { match_origin_as_fallback: true } : {}),
        run_at: 'document_idle' as const,
      },
    ],
    commands: {
      'call-selection': {
        suggested_key: { default: 'Alt+Shift+C' },
        description: '__MSG_cmdCallSelection__',
      },
    },
    // Explicit, so Firefox does not add upgrade-insecure-requests (which turns ws:// into wss://). No remote code.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    ...(browser === 'chrome'
      ? { minimum_chrome_version: '116', storage: { managed_schema: 'managed_schema.json' } }
      : {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }),
  });
}
