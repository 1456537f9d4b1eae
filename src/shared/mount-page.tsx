/** Starts an extension page (the popup, the options page): its title, its language, its root component. */
import { render, type VNode } from 'preact';

export function mountPage(title: string, app: VNode): void {
  document.title = title;
  // For screen readers and spelling: Czech for a Czech browser, English otherwise (the locales the extension has).
  document.documentElement.lang = navigator.language.startsWith('cs') ? 'cs' : 'en';
  const root = document.getElementById('app');
  if (!root) throw new Error('The page has no #app element to render into');
  render(app, root);
}
