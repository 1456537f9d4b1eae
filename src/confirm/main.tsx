import { Confirm } from './Confirm.tsx';
import { t } from '../shared/i18n.ts';
import { mountPage } from '../shared/mount-page.tsx';

// The id of the one confirmation (or announced call) this window is for; the background answers for no other.
const id = new URLSearchParams(location.search).get('id') ?? '';
mountPage(t('confirmPageTitle'), <Confirm id={id} close={() => window.close()} />);
