/**
 * The call panel in real Chromium against the simulator, through the contract names of the English UI: a list with
 * one listitem per call, and the buttons "Hang up", "Transfer" and "Call".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { launchExtension, signInAlice, type ExtensionBrowser } from './support/chromium.ts';
import { POPUP_PAGE } from '../../src/shared/manifest-names.ts';

let sim: Simulator;
let ext: ExtensionBrowser;
let popup: Page;

const nextFrame = (action: string, from: number) =>
  sim.waitForFrame((f) => f.data?.action === action && sim.received.indexOf(f) >= from, 10_000);

beforeAll(async () => {
  // Ids as bare JSON numbers with a trailing zero: the panel must send them back exactly.
  sim = await startSimulator({ modes: { numericIds: true, answerDelayMs: 200 } });
  ext = await launchExtension();
  await signInAlice(await ext.worker(), sim);
  popup = await ext.openPage(POPUP_PAGE);
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('call panel in Chromium', () => {
  it('shows a scripted inbound call as a list item with the remote number', async () => {
    const uniqueId = sim.ring({ from: '+420777888999', line: '444' });
    const item = popup.getByRole('list').getByRole('listitem');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).toContain('777 888 999');
    expect(await item.innerText()).toContain('+420777888999');
    expect(await item.innerText()).toContain('Ringing');
    sim.answer(uniqueId);
    await expect.poll(() => item.innerText()).toContain('Answered');
  });

  it('"Hang up" sends hangupcall with the uniqueId exactly as the iPBX sent it', async () => {
    const [call] = sim.calls();
    const from = sim.received.length;
    await popup.getByRole('listitem').getByRole('button', { name: 'Hang up', exact: true }).click();
    const frame = await nextFrame('hangupcall', from);
    expect(frame.raw).toBe(`{"action":"hangupcall","uniqueid":"${call!.uniqueId}"}`);
    await expect.poll(() => popup.getByRole('listitem').count()).toBe(0);
  });

  it('a blind transfer reaches the simulator', async () => {
    const uniqueId = sim.ring({ from: '602123456', line: '444' });
    sim.answer(uniqueId);
    const item = popup.getByRole('listitem');
    await expect.poll(() => item.innerText()).toContain('Answered');
    await item.getByRole('button', { name: 'Transfer', exact: true }).click();
    await item.getByLabel('Transfer to').fill('445');
    const from = sim.received.length;
    await item.getByRole('button', { name: 'Start transfer' }).click();
    expect((await nextFrame('transfer', from)).data).toEqual({
      action: 'transfer',
      uniqueid: uniqueId,
      to: '445',
      type: 'blind',
      data: {},
    });
    await expect.poll(() => popup.getByRole('listitem').count()).toBe(0);
  });

  it('an attended transfer shows the consultation and can be completed', async () => {
    const uniqueId = sim.ring({ from: '603111222', line: '444' });
    sim.answer(uniqueId);
    const original = popup.getByRole('listitem').filter({ hasText: '603 111 222' });
    await expect.poll(() => original.innerText()).toContain('Answered');
    await original.getByRole('button', { name: 'Transfer', exact: true }).click();
    await original.getByLabel('Transfer to').fill('446');
    await original.getByLabel('Attended (consult first)').check();
    const from = sim.received.length;
    await original.getByRole('button', { name: 'Start transfer' }).click();
    expect((await nextFrame('transfer', from)).data).toMatchObject({ uniqueid: uniqueId, to: '446', type: 'attended' });
    await expect.poll(() => original.innerText(), { timeout: 5_000 }).toContain('Consulting 446');
    const done = sim.received.length;
    await original.getByRole('button', { name: 'Complete transfer' }).click();
    expect((await nextFrame('hangupcall', done)).data).toEqual({ action: 'hangupcall', uniqueid: uniqueId });
    await expect.poll(() => popup.getByRole('listitem').count()).toBe(0);
  });

  it('the dial box shows what will be dialled, and "Call" sends originate', async () => {
    const input = popup.getByLabel('Number to call');
    await input.fill('+420 736 111 222');
    await expect.poll(() => popup.locator('#dial-hint').innerText()).toBe('Will dial 736111222');
    const from = sim.received.length;
    await popup.getByRole('button', { name: 'Call', exact: true }).click();
    expect((await nextFrame('originate', from)).data).toMatchObject({ action: 'originate', to: '736111222' });
    await input.fill('nonsense');
    expect(await popup.getByRole('button', { name: 'Call', exact: true }).isDisabled()).toBe(true);
    expect(await popup.locator('#dial-hint').innerText()).toBe('This is not a number that can be dialled.');
    await input.fill('445');
    const fromEnter = sim.received.length;
    await input.press('Enter');
    expect((await nextFrame('originate', fromEnter)).data?.to).toBe('445');
  });

  it('recent calls list the ended calls, newest first, with a call-back button', async () => {
    const recent = popup.getByRole('region', { name: 'Recent calls' });
    await expect.poll(() => recent.getByRole('row').count()).toBeGreaterThanOrEqual(4);
    // Newest first: the consultation call, then the call it transferred.
    expect(await recent.getByRole('row').nth(1).innerText()).toContain('603 111 222');
    const from = sim.received.length;
    await recent.getByRole('button', { name: 'Call back 603 111 222' }).first().click();
    expect((await nextFrame('originate', from)).data?.to).toBe('603111222');
    await recent.getByRole('button', { name: 'Clear history' }).click();
    await expect.poll(() => recent.getByRole('row').count()).toBe(0);
    expect(await recent.getByRole('list').count()).toBe(0);
  });
});
