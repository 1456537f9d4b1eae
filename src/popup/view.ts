/**
 * Where the panel page is shown: the toolbar popup (no parameter), the call window (`?view=window`, opened by the
 * background: panel-window.ts) or Chrome's side panel / Firefox's sidebar (`?view=side`, from the manifest).
 */
export type PanelView = 'popup' | 'window' | 'side';

export function panelView(search: string): PanelView {
  const view = new URLSearchParams(search).get('view');
  return view === 'window' || view === 'side' ? view : 'popup';
}
