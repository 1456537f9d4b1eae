/// <reference types="chrome" />
/** Counting the notifications the background creates, updates and clears during the load (in the worker). */
import type { Worker } from 'playwright-core';

/** What the wrapped chrome.notifications calls counted (`patched`: whether they could be wrapped at all). */
export interface NotificationCounts {
  patched: boolean;
  create: number;
  createIndividual: number;
  createOther: number;
  update: number;
  clear: number;
}

/**
 * Counts notification calls in the worker (webextension-polyfill looks chrome.notifications.create up per call).
 * A string, not a function: tsx would add `__name(...)` helpers to the inner functions, which the worker lacks.
 */
const PATCH_NOTIFICATIONS = `(() => {
  if (globalThis.__ipbxLoadBench) return true;
  const counts = { create: 0, createIndividual: 0, createOther: 0, update: 0, clear: 0 };
  globalThis.__ipbxLoadBench = counts;
  const n = chrome.notifications;
  const wrap = (name, count) => {
    const orig = n[name];
    const wrapped = function (...args) { count(args); return orig.apply(this, args); };
    try { n[name] = wrapped; } catch { return false; }
    return n[name] === wrapped;
  };
  const okCreate = wrap('create', (args) => {
    counts.create++;
    if (typeof args[0] === 'string' && args[0].startsWith('ipbx-call:')) counts.createIndividual++;
    else counts.createOther++;
  });
  const okUpdate = wrap('update', () => counts.update++);
  const okClear = wrap('clear', () => counts.clear++);
  return okCreate && okUpdate && okClear;
})()`;

/** Wraps chrome.notifications.* in the worker; false when they cannot be wrapped. */
export function patchNotifications(worker: Worker): Promise<boolean> {
  return worker.evaluate(PATCH_NOTIFICATIONS) as Promise<boolean>;
}

/** The counts so far (zeros when `patched` is false). */
export function readNotificationCounts(worker: Worker, patched: boolean): Promise<NotificationCounts> {
  return worker.evaluate((p) => {
    const c = (globalThis as unknown as { __ipbxLoadBench?: Omit<NotificationCounts, 'patched'> }).__ipbxLoadBench;
    return {
      patched: p,
      create: c?.create ?? 0,
      createIndividual: c?.createIndividual ?? 0,
      createOther: c?.createOther ?? 0,
      update: c?.update ?? 0,
      clear: c?.clear ?? 0,
    };
  }, patched);
}
