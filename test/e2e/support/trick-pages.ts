/**
 * Hostile pages for the click-to-call e2e tests (docs/security.md, "Page-originated calls"): each one tries to make the
 * user's real click or Enter dial a number the user did not mean. Every page has a button the user means to press
 * (#play, at PLAY) and does its trick once our script has linked its number (`whenLinked`), then sets
 * `window.trickReady`. Numbers are ordinary Czech mobile numbers unless the trick is about the number's type: the
 * verdict must come from the checks, not from the number asking first anyway.
 */

/** Where the page's own button is, in CSS px from the top left of the viewport (the user aims at its centre). */
export const PLAY = { left: 40, top: 40, width: 260, height: 60 } as const;
export const PLAY_CENTRE = { x: PLAY.left + PLAY.width / 2, y: PLAY.top + PLAY.height / 2 } as const;

const BUTTON = `<button id="play" style="position:absolute;left:${PLAY.left}px;top:${PLAY.top}px;width:${PLAY.width}px;height:${PLAY.height}px;font:20px sans-serif">Přehrát video</button>`;

/** Runs `trick(mark)` once a mark of ours shows up in #t (or anywhere, without #t), then marks the page ready. */
function whenLinked(trick: string, within = '#t'): string {
  return `<script>
  window.trickReady = false;
  (function wait() {
    const mark = document.querySelector('${within} [data-ipbx-number]') || document.querySelector('${within}[data-ipbx-number]');
    if (!mark) { setTimeout(wait, 50); return; }
    (function (mark) { ${trick} })(mark);
    window.trickReady = true;
  })();
</script>`;
}

function page(body: string, head = ''): string {
  return `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Video</title>${head}
<style>body { margin: 0; font: 16px sans-serif; background: #fff; color: #000 }</style></head><body>${body}</body></html>`;
}

/** A number exactly over the button, big, so that the user's click on the button lands on the number's own text. */
function bait(style: string, text = '777 888 999'): string {
  return `<p id="t" style="position:absolute;left:${PLAY.left}px;top:${PLAY.top - 8}px;margin:0;font:40px/60px sans-serif;white-space:nowrap;${style}">${text}</p>`;
}

export const TRICK_PAGES: Record<string, string> = {
  /** The mark stretched over the whole viewport, its text pushed off-screen. */
  '/stretched': page(
    `${BUTTON}<p id="t">Volejte 777 888 999</p>${whenLinked(
      "mark.style.cssText = 'display:block!important;position:fixed!important;left:0;top:0;width:100vw;height:100vh;text-indent:-20000px;z-index:5';",
    )}`,
  ),
  /** An off-screen mark with an empty full-viewport child. */
  '/child': page(
    `${BUTTON}<p id="t" style="position:absolute;left:-5000px;top:0">Volejte 777 888 999</p>${whenLinked(
      "const d = document.createElement('div'); d.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:5'; mark.append(d);",
    )}`,
  ),
  /** A shadow root of the page's on the mark, holding a transparent full-viewport box. */
  '/shadow': page(
    `${BUTTON}<p id="t" style="position:absolute;left:-5000px;top:0">Volejte 777 888 999</p>${whenLinked(
      "window.attachError = null; try { mark.attachShadow({ mode: 'open' }).innerHTML = '<div style=\"position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:5\"></div>'; } catch (e) { window.attachError = String(e); }",
    )}`,
  ),
  /** Text the check could not see before: each a number laid over the button. */
  '/fill': page(`${BUTTON}${bait('-webkit-text-fill-color:transparent;z-index:5')}${whenLinked('')}`),
  '/mask': page(
    `${BUTTON}${bait('mask-image:linear-gradient(transparent,transparent);-webkit-mask-image:linear-gradient(transparent,transparent);z-index:5')}${whenLinked('')}`,
  ),
  '/blur': page(`${BUTTON}${bait('filter:blur(30px);z-index:5')}${whenLinked('')}`),
  '/brightness': page(`${BUTTON}${bait('filter:brightness(100);z-index:5')}${whenLinked('')}`),
  '/blend': page(`${BUTTON}${bait('mix-blend-mode:lighten;z-index:5')}${whenLinked('')}`),
  '/same-colour': page(`${BUTTON}${bait('color:#fff;background:#fff;z-index:5')}${whenLinked('')}`),
  /** An opaque picture of a button on top of a visible number, letting the clicks through. */
  '/layer': page(
    `${bait('z-index:1')}<div id="cover" style="position:absolute;left:0;top:0;width:400px;height:200px;background:#fff;z-index:2;pointer-events:none">${BUTTON.replace('position:absolute', 'position:absolute;pointer-events:none')}</div>${whenLinked('')}`,
  ),
  /** A number that follows the pointer, so that it is under the user's click on the button. */
  '/follow': page(
    `${BUTTON}<p id="t" style="position:fixed;left:600px;top:300px;margin:0;font:24px/30px sans-serif;z-index:5">777 888 999</p>${whenLinked(
      "document.addEventListener('pointermove', (e) => { const p = document.getElementById('t'); p.style.left = (e.clientX - 60) + 'px'; p.style.top = (e.clientY - 15) + 'px'; }, true);",
    )}`,
  ),
  /** Keyjacking: the page moves focus to an off-screen mark while the user types, so the user's Enter hits it. */
  '/keyjack': page(
    `<input id="search" style="position:absolute;left:40px;top:40px;width:260px;font:20px sans-serif">
<p id="t" style="position:absolute;left:-5000px;top:0">Volejte 777 888 999</p>${whenLinked(
      "document.getElementById('search').addEventListener('input', () => mark.focus());",
    )}`,
  ),
  /** The same with a visible mark: focus that comes from a script does not count. */
  '/keyjack-visible': page(
    `<input id="search" style="position:absolute;left:40px;top:40px;width:260px;font:20px sans-serif">
<p id="t" style="position:absolute;left:40px;top:120px">Volejte 777 888 999</p>${whenLinked(
      "document.getElementById('search').addEventListener('input', () => mark.focus());",
    )}`,
  ),
  /** ::before on the mark shows other digits than the ones dialled. */
  '/before': page(
    `<style>#t [data-ipbx-number] { position: relative }
#t [data-ipbx-number]::before { content: "777 888 999" !important; position: absolute; left: 0; top: 0; background: #fff; white-space: nowrap }</style>
<p id="t" style="font:40px sans-serif;margin:40px">602 123 456</p>${whenLinked('')}`,
  ),
  /** A bidi override shows "654 321 206" for 602 123 456. */
  '/bidi': page(
    `<style>#t [data-ipbx-number] { unicode-bidi: bidi-override !important; direction: rtl !important }</style>
<p id="t" style="font:40px sans-serif;margin:40px">602 123 456</p>${whenLinked('')}`,
  ),
  /** A page's own tel: link that shows "654 321 206" for the number it calls, 602 123 456. */
  '/bidi-link': page(
    `<a id="t" href="tel:+420602123456" style="font:40px sans-serif;position:absolute;left:40px;top:40px;unicode-bidi:bidi-override;direction:rtl">602 123 456</a>${whenLinked('', '')}`,
  ),
  /** The page registers our mark's tag first and draws other digits in it. */
  '/element': page(
    `<p id="t" style="font:40px sans-serif;margin:40px">602 123 456</p>${whenLinked('')}`,
    `<script>
  window.upgraded = 0;
  customElements.define('ipbx-link', class extends HTMLElement {
    connectedCallback() {
      window.upgraded++;
      try { this.attachShadow({ mode: 'open' }).innerHTML = '<span>777 888 999</span>'; } catch (e) { window.upgradeError = String(e); }
    }
  });
</script>`,
  ),
  /** tel: links: a "Download" button, a transparent full-screen link, a link showing another number, a feature code. */
  '/tel-download': page(
    `<a id="t" href="tel:+420777888999" style="position:absolute;left:${PLAY.left}px;top:${PLAY.top}px;width:${PLAY.width}px;height:${PLAY.height}px;display:flex;align-items:center;justify-content:center;background:#1565c0;color:#fff;font:20px sans-serif;text-decoration:none">Stáhnout PDF</a>${whenLinked('', '')}`,
  ),
  '/tel-fullscreen': page(
    `${BUTTON}<a id="t" href="tel:+420777888999" style="position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:5"></a>${whenLinked('', '')}`,
  ),
  '/tel-other': page(
    `<a id="t" href="tel:+420602123456" style="font:40px sans-serif;position:absolute;left:${PLAY.left}px;top:${PLAY.top}px">777 888 999</a>${whenLinked('', '')}`,
  ),
  '/tel-feature': page(
    `<a id="t" href="tel:*78" style="font:40px sans-serif;position:absolute;left:${PLAY.left}px;top:${PLAY.top}px">Přesměrovat hovory</a>${whenLinked('', '')}`,
  ),
  /** Risky by type: a premium-rate number, plainly visible. */
  '/premium': page(`<p id="t" style="font:40px sans-serif;margin:40px">Volejte 900 123 456</p>${whenLinked('')}`),
  /** An ordinary number, plainly visible: dials at once. */
  '/plain': page(`<p id="t" style="font:40px sans-serif;margin:40px">Volejte 777 888 999</p>${whenLinked('')}`),
};

/**
 * A number inside a cross-origin frame at opacity 0, laid over the page's button (`frameOrigin` serves
 * /frame-inner on another origin: localhost against 127.0.0.1).
 */
export function framePage(frameOrigin: string): string {
  return page(
    `${BUTTON}<iframe id="f" src="${frameOrigin}/frame-inner" style="position:absolute;left:0;top:0;width:500px;height:200px;border:0;opacity:0;z-index:5"></iframe>`,
  );
}

export const FRAME_INNER = page(
  `<p id="t" style="position:absolute;left:${PLAY.left}px;top:${PLAY.top - 8}px;margin:0;font:40px/60px sans-serif;white-space:nowrap">777 888 999</p>${whenLinked('')}`,
);
