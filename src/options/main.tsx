import { render } from 'preact';
import { Options } from './Options.tsx';
import { t } from '../shared/i18n.ts';

document.title = t('optTitle');
document.documentElement.lang = navigator.language.startsWith('cs') ? 'cs' : 'en';
render(<Options />, document.getElementById('app')!);
