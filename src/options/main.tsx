import { render } from 'preact';
import { Options } from './Options.tsx';

document.documentElement.lang = navigator.language.startsWith('cs') ? 'cs' : 'en';
render(<Options />, document.getElementById('app')!);
