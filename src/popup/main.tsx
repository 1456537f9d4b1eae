import { App } from './App.tsx';
import { t } from '../shared/i18n.ts';
import { mountPage } from '../shared/mount-page.tsx';

if (new URLSearchParams(location.search).get('view') === 'window') document.body.classList.add('window');
mountPage(t('extName'), <App />);
