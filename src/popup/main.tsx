import { App } from './App.tsx';
import { panelView } from './view.ts';
import { t } from '../shared/i18n.ts';
import { mountPage } from '../shared/mount-page.tsx';

const view = panelView(location.search);
// The popup keeps its fixed width; a window or side panel is as wide as the user makes it (popup.css).
if (view !== 'popup') document.body.classList.add(view);
mountPage(t('extName'), <App view={view} />);
