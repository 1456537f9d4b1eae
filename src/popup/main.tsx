import { render } from 'preact';
import { App } from './App.tsx';
import { t } from '../shared/i18n.ts';

document.title = t('extName');
document.documentElement.lang = navigator.language.startsWith('cs') ? 'cs' : 'en';
if (new URLSearchParams(location.search).get('view') === 'window') document.body.classList.add('window');
render(<App />, document.getElementById('app')!);
