/**
 * What an open panel tells the background: that the user has seen the missed calls (when it opens, comes back into
 * view or gets the focus, and when a call is missed while it has the focus), and, for the call window, where the user
 * left it (storage.local `panelWindowBounds`, read by background/panel-window.ts when it opens the window again).
 */
import { useEffect } from 'preact/hooks';
import { request } from '../shared/messages.ts';
import { extensionStorage } from '../shared/storage/extension-storage.ts';
import { ITEMS, type WindowBounds } from '../shared/storage/items.ts';
import type { PanelView } from './view.ts';

const BOUNDS_SAVE_MS = 500;

/** The window's place and size on the screen, as windows.create takes them. */
export function currentBounds(w: Pick<Window, 'screenX' | 'screenY' | 'outerWidth' | 'outerHeight'>): WindowBounds {
  return {
    left: Math.round(w.screenX),
    top: Math.round(w.screenY),
    width: Math.round(w.outerWidth),
    height: Math.round(w.outerHeight),
  };
}

function saveBounds(): void {
  const bounds = currentBounds(window);
  if (bounds.width > 0 && bounds.height > 0) void extensionStorage().set(ITEMS.panelWindowBounds, bounds);
}

export function usePanelPresence(view: PanelView): void {
  useEffect(() => {
    const seen = () => void request('missedSeen', null);
    const onVisible = () => {
      if (document.visibilityState === 'visible') seen();
    };
    seen();
    window.addEventListener('focus', seen);
    document.addEventListener('visibilitychange', onVisible);
    // A call missed while the user looks at this panel is seen at once.
    const stopWatch = extensionStorage().watch(ITEMS.recentCalls, () => {
      if (document.visibilityState === 'visible' && document.hasFocus()) seen();
    });
    return () => {
      window.removeEventListener('focus', seen);
      document.removeEventListener('visibilitychange', onVisible);
      stopWatch();
    };
  }, []);

  useEffect(() => {
    if (view !== 'window') return;
    // Moving a window fires no event in the page: its place is read on resize, when it loses the focus and at close.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(saveBounds, BOUNDS_SAVE_MS);
    };
    window.addEventListener('resize', later);
    window.addEventListener('blur', saveBounds);
    window.addEventListener('pagehide', saveBounds);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('resize', later);
      window.removeEventListener('blur', saveBounds);
      window.removeEventListener('pagehide', saveBounds);
    };
  }, [view]);
}
