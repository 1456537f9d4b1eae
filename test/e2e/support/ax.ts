/** Every text in a page's accessibility tree, closed shadow roots included: what a screen reader can read. */
import type { Page } from 'playwright-core';

export async function accessibleTexts(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: unknown } }[] };
    return nodes.map((n) => n.name?.value).filter((v): v is string => typeof v === 'string' && v !== '');
  } finally {
    await cdp.detach();
  }
}
