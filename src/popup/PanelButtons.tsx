import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { ResultMessage, type Result } from './ResultMessage.tsx';
import { errorMessage } from '../shared/errors.ts';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { openSidePanel } from '../shared/side-panel.ts';

/** Is this page the toolbar popup itself (and not the same page in a tab, as tests open it)? */
function isToolbarPopup(): boolean {
  return browser.extension.getViews({ type: 'popup' }).includes(window);
}

/**
 * The popup's ways to a panel that stays: "Open in a window" (the background opens it, or focuses the one open) and
 * the side panel (Chrome) or sidebar (Firefox), which must open within the click itself (shared/side-panel.ts).
 */
export function PanelButtons() {
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<Result>(null);
  // Known before the click: the side panel must open synchronously within it.
  useEffect(() => {
    void browser.windows
      .getCurrent()
      .then((w) => setWindowId(w.id))
      .catch(() => undefined); // then the side panel says it has no window to open in
  }, []);
  const failed = (message: string) => setResult({ ok: false, text: t('panelOpenFailed', message) });

  const openWindow = async () => {
    const reply = await request('openPanelWindow', null);
    if (!reply.ok) failed(reply.error.message);
  };
  const openSide = () => {
    openSidePanel(windowId).then(
      () => {
        if (isToolbarPopup()) window.close();
      },
      (e: unknown) => failed(errorMessage(e)),
    );
  };

  return (
    <div class="panel-buttons">
      <button type="button" class="link" onClick={() => void openWindow()}>
        {t('openWindow')}
      </button>
      <button type="button" class="link" onClick={openSide}>
        {t(__BROWSER__ === 'firefox' ? 'openSidebar' : 'openSidePanel')}
      </button>
      <ResultMessage result={result} />
    </div>
  );
}
