/**
 * The pages the click-to-call e2e tests open (click-to-call.chromium.e2e.ts, context-menu.chromium.e2e.ts): a CRM with
 * numbers to link and text that must never be linked, big tables marked in place (plain, in a scroll pane, in a hidden
 * panel), a clickjacking trap, and pages that react to our marks.
 */

export const CRM = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><title>CRM 777 888 999</title>
<style>body { font: 16px Georgia, serif; color: rgb(20, 60, 120); }</style></head>
<body>
<p id="plain">Volejte 777 888 999, nebo +44 20 7946 0958.</p>
<table><tr>
  <td id="cell">602 123 456</td><td id="date">25.11.2026</td><td id="order">#20261125</td><td id="price">12 990 Kč</td>
  <td id="ico">IČO: 27074358</td><td id="iban">CZ65 0800 0000 1920 0014 5399</td><td id="account">19-2000145399/0800</td>
  <td id="ts">1412256225.1941</td><td id="short">linka 445</td><td id="no">No. 777888999</td>
</tr></table>
<textarea id="ta">777 888 999</textarea>
<div id="ce" contenteditable="true">603 111 222</div>
<div id="ign" data-ipbx-ignore>604 222 333</div>
<a id="weblink" href="/contact">605 333 444</a>
<a id="tel" href="tel:+420606444555">zavolejte nám</a> <a id="tel-shown" href="tel:+420606444556">606 444 556</a>
<noscript><p>607 555 666</p></noscript>
<div id="host"></div>
<iframe id="frame" srcdoc="<p id=inner>608 666 777</p>"></iframe>
<div id="late"></div>
<p id="pick">Linka 445</p>
<p id="junk">objednávka A-17</p>
<div id="note">Poznámka: volat 739 111 222</div>
<button id="btn">Volat 739 222 333</button>
<ul role="listbox"><li id="opt" role="option">Jan Novák 739 333 444</li></ul>
<script>
  document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<p id="shadow">736 111 222</p>';
  window.originalNode = document.getElementById('plain').firstChild;
  window.originalText = window.originalNode.data;
  setTimeout(() => { document.getElementById('late').textContent = 'Nové: 731 222 333'; }, 1500);
</script>
</body></html>`;

/** A table big enough for its cells to be marked in place (IN_PLACE_ROWS in src/content/marks.ts is 200). */
export const BIG_TABLE = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Kontakty</title>
<style>td { padding: 2px 8px } tr:nth-child(even) td { background: #f4f4f4 }</style></head><body><table><tbody>
${Array.from({ length: 300 }, (_, i) => `<tr><td>Jméno ${i}</td><td id="r${i}">602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}</td><td>25.11.2026</td></tr>`).join('')}
</tbody></table></body></html>`;

/** The same rows in a scroll pane below a header, as CRMs lay out their lists. */
export const PANE_TABLE = BIG_TABLE.replace(
  '<body><table>',
  '<body><header style="height:150px">CRM</header><div id="pane" style="height:300px;overflow:auto"><table>',
).replace('</table></body>', '</table></div></body>');

/** Clickjacking: an invisible number laid over a button, so that the user's click on the button lands on it. */
export const TRAP = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Video</title></head><body>
<button id="play" style="position:absolute;left:20px;top:20px;width:260px;height:48px">Přehrát video</button>
<div id="bait" style="position:absolute;left:20px;top:20px;width:260px;height:48px;opacity:0;font-size:32px">733 444 555</div>
</body></html>`;

/**
 * Pages with their own MutationObserver: one reacts to our mark by adding a number (in a microtask, right after we
 * link), one undoes our marks as fast as we make them.
 */
export const REACTING = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Chat</title></head><body>
<p id="a">Volejte 777 888 999</p><div id="log"></div><div id="box">Volejte 733 444 555</div><p id="calm">Fax 602 123 456</p>
<script>
  window.resets = 0;
  const a = document.getElementById('a'), log = document.getElementById('log'), box = document.getElementById('box');
  let reacted = false;
  new MutationObserver(() => {
    if (!reacted && a.querySelector('ipbx-link')) { reacted = true; log.innerHTML = '<p>Nové: 731 222 333</p>'; }
  }).observe(a, { childList: true, subtree: true });
  new MutationObserver(() => {
    if (box.querySelector('ipbx-link')) { window.resets++; box.textContent = 'Volejte 733 444 555'; }
  }).observe(box, { childList: true, subtree: true, characterData: true });
</script></body></html>`;

/** The same rows in a hidden tab panel (display: none), shown later. */
export const HIDDEN_TABLE = BIG_TABLE.replace(
  '<body><table>',
  '<body><div id="panel" style="display:none"><table>',
).replace('</table></body>', '</table></div></body>');
