/**
 * Calling selected text from the context menu in real Chromium, with a real right-click on the native menu (headful,
 * under Xvfb): a selected number places the call, a selection that is not a number gets a clear message and no call.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibleTexts } from './support/ax.ts';
import type { ExtensionBrowser } from './support/chromium.ts';
import { connectedBrowser, nextOriginate, openCrm, originates, sim } from './support/click-to-call.ts';
import { ensureDisplay, type Display } from './support/display.ts';

describe('calling selected text from the context menu (headful Chromium, real right-click)', () => {
  let display: Display;
  let ext: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    display = await ensureDisplay();
    ext = await connectedBrowser({ headless: false, env: display.env });
    page = await openCrm(ext);
    await page.bringToFront();
  });
  afterAll(async () => {
    await ext?.close();
    await display?.close();
  });

  async function callFromMenu(selector: string, text: string): Promise<void> {
    // Select the text, then right-click on the selection itself (elsewhere, Chromium offers the page's menu).
    const rect = await page.evaluate(
      ([sel, t]) => {
        const el = document.querySelector(sel)!;
        el.scrollIntoView({ block: 'center' });
        const node = el.firstChild as Text;
        const start = node.data.indexOf(t);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + t.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      },
      [selector, text] as const,
    );
    await page.mouse.click(rect.x, rect.y, { button: 'right' });
    await new Promise((r) => setTimeout(r, 800));
    // The native menu: our item sits just above "Inspect", the last item.
    execFileSync('xdotool', ['key', 'Up', 'Up', 'Return'], { env: { ...process.env, ...display.env } });
  }

  it('"Call …" on a selected internal line places the call', async () => {
    const before = sim.received.length;
    await callFromMenu('#pick', '445');
    const frame = await nextOriginate(before);
    expect(frame.data?.to).toBe('445');
    await expect.poll(() => page.locator('ipbx-feedback').count()).toBe(1);
  });

  it('a selection that is not a number gets a clear message and no call', async () => {
    const before = originates().length;
    await callFromMenu('#junk', 'objednávka');
    // The feedback is in a closed shadow root (page scripts cannot reach it); read it as a screen reader does.
    await expect
      .poll(() => accessibleTexts(page), { timeout: 5_000 })
      .toContain('“objednávka” is not a phone number that can be dialled.');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(originates().length).toBe(before);
  });
});
