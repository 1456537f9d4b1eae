import { useState } from 'preact/hooks';
import type { QueueAgentState } from '../shared/agents.ts';
import { t } from '../shared/i18n.ts';

function stateText(a: QueueAgentState): string {
  if (a.state === 'paused') return a.pauseName ? t('queuePausedNamed', a.pauseName) : t('queuePaused');
  return t(a.state === 'loggedIn' ? 'queueLoggedIn' : 'queueLoggedOut');
}

/**
 * The user's state in each queue ("Podpora: pauza — Oběd"), queue names as the iPBX sends them. Read only: the wire
 * protocol has no action to pause or log in, so the help says where that is done instead of offering dead buttons.
 */
export function QueueStatus({ agents }: { agents: readonly QueueAgentState[] | undefined }) {
  const [help, setHelp] = useState(false);
  if (!agents || agents.length === 0) return null;
  return (
    <section class="queues" aria-labelledby="queues-heading">
      <div class="section-head">
        <h2 id="queues-heading">{t('queuesHeading')}</h2>
        <button
          type="button"
          class="icon help-toggle"
          aria-expanded={help}
          aria-controls="queue-help"
          aria-label={t('queueHelpLabel')}
          title={t('queueHelpLabel')}
          onClick={() => setHelp(!help)}
        >
          ?
        </button>
      </div>
      <p class="queue-states">
        {agents.map((a) => (
          <span key={a.queue} class={`queue queue-${a.state}`}>
            {t('queueState', a.queue, stateText(a))}
          </span>
        ))}
      </p>
      <p id="queue-help" class="muted" hidden={!help}>
        {t('queueHelp')}
      </p>
    </section>
  );
}
