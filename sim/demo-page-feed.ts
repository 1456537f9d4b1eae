// The demo CRM's "Calling now" box: the page reads the extension's page feed (docs/page-feed.md), as a CRM of a listed
// origin would. It only listens: nothing it could post reaches the extension. Text goes in as text (no innerHTML).

export const CALLING_NOW_CSS = `
  #calling-now[hidden] { display: none; }
  #calling-now { border-color: #f0b429; }
  #calling-now h2 { background: #fffbea; }
  #calling-now ul { list-style: none; margin: 0; padding: 0; }
  #calling-now li { display: flex; gap: 16px; align-items: baseline; padding: 10px 20px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
  #calling-now .who { font-weight: 600; font-size: 17px; }
  #calling-now .state { color: var(--muted); }
  #calling-now .ringing .state { color: #b44d12; font-weight: 600; }
`;

/** The box, hidden until the feed says a call is there. */
export const CALLING_NOW_HTML = `<section class="card" id="calling-now" aria-live="polite" hidden>
    <h2>Právě volá</h2>
    <ul></ul>
  </section>`;

/** Last nine digits: how the page matches a caller's number to its own contacts, however either is written. */
function numberKey(number: string): string {
  return number.replace(/\D/g, '').slice(-9);
}

/**
 * The page's listener: messages from this very window with the feed's source, drawn as a list. The CRM names the
 * callers from its own contacts (the feed's `name` is only there when the extension's lookup of this CRM named them).
 */
export function callingNowScript(contacts: readonly { name: string; phones: { number: string }[] }[]): string {
  const names: Record<string, string> = {};
  for (const c of contacts) for (const p of c.phones) names[numberKey(p.number)] ??= c.name;
  // JSON inside <script>: no "<" may end the element early.
  const known = JSON.stringify(names).replace(/</g, '\\u003c');
  return `<script>
(() => {
  const known = ${known};
  const key = (number) => String(number || '').replace(/\\D/g, '').slice(-9);
  const box = document.getElementById('calling-now');
  const list = box.querySelector('ul');
  const states = { ringing: 'vyzvání', answered: 'probíhá' };
  window.addEventListener('message', (event) => {
    if (event.source !== window || event.origin !== location.origin) return;
    const data = event.data;
    if (!data || data.source !== 'ipbx-connect' || data.type !== 'calls' || !Array.isArray(data.calls)) return;
    list.replaceChildren(...data.calls.map((call) => {
      const incoming = call.direction === 'incoming' || call.direction === 'incomingLocal';
      const item = document.createElement('li');
      item.className = call.state;
      const who = document.createElement('span');
      who.className = 'who';
      const number = incoming ? call.from : call.to;
      who.textContent = call.name || known[key(number)] || number || 'Neznámé číslo';
      if (who.textContent !== number && number) who.title = number;
      const state = document.createElement('span');
      state.className = 'state';
      state.textContent = (incoming ? 'příchozí' : 'odchozí') + ', ' + (states[call.state] || call.state) +
        (call.queue ? ', fronta ' + call.queue : '') + ', od ' + new Date(call.startedAt).toLocaleTimeString('cs');
      item.append(who, state);
      return item;
    }));
    box.hidden = data.calls.length === 0;
  });
})();
</script>`;
}
