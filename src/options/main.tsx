import { Options } from './Options.tsx';
import { t } from '../shared/i18n.ts';
import { mountPage } from '../shared/mount-page.tsx';

mountPage(t('optTitle'), <Options />);
