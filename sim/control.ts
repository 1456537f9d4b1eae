// HTTP control endpoint (JSON in, JSON out) for the CLI and manual demos. Bad input -> 400, unknown call -> 404,
// both as {"error": "..."}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import { validateModes } from './config.js';
import { HttpError, isRecord, readJson, sendJson } from './http-util.js';
import type { SimModes } from './types.js';

export interface ControlTarget {
  ring(opts: { from: string; line?: string; queue?: string }): string;
  answer(uniqueId: string): void;
  hangup(uniqueId: string, reason?: string): void;
  setModes(m: Partial<SimModes>): void;
  readonly modes: SimModes;
  /** Closes all client sockets; returns how many. */
  drop(): number;
  state(): unknown;
  hasCall(uniqueId: string): boolean;
}

/** Handles /control/*. Returns false for other paths. */
export async function handleControl(
  req: IncomingMessage, res: ServerResponse, path: string, target: ControlTarget,
): Promise<boolean> {
  if (!path.startsWith('/control/')) return false;
  const command = path.slice('/control/'.length);
  try {
    if (req.method === 'GET' && command === 'state') return reply(res, target.state());
    if (req.method === 'GET' && command === 'modes') return reply(res, target.modes);
    if (req.method !== 'POST') throw new HttpError(405, `Use POST for /control/${command}`);
    const body = await readJson(req);
    if (!isRecord(body)) throw new HttpError(400, 'Body must be a JSON object');
    switch (command) {
      case 'ring': {
        const from = body['from'];
        const line = optionalString(body, 'line');
        const queue = optionalString(body, 'queue');
        if (typeof from !== 'string' || from.trim() === '') throw new HttpError(400, '"from" must be a non-empty string');
        let uniqueId: string;
        try {
          uniqueId = target.ring({ from, ...(line !== undefined ? { line } : {}), ...(queue !== undefined ? { queue } : {}) });
        } catch (err) {
          throw new HttpError(400, errorMessage(err));
        }
        return reply(res, { uniqueId });
      }
      case 'answer': {
        const uniqueId = knownCall(body, target);
        target.answer(uniqueId);
        return reply(res, { ok: true, uniqueId });
      }
      case 'hangup': {
        const uniqueId = knownCall(body, target);
        const reason = optionalString(body, 'reason');
        target.hangup(uniqueId, reason);
        return reply(res, { ok: true, uniqueId });
      }
      case 'modes': {
        let modes: Partial<SimModes>;
        try {
          modes = validateModes(body);
        } catch (err) {
          throw new HttpError(400, errorMessage(err));
        }
        target.setModes(modes);
        return reply(res, target.modes);
      }
      case 'drop':
        return reply(res, { dropped: target.drop() });
      default:
        throw new HttpError(404, `Unknown control command: ${command}`);
    }
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    sendJson(res, status, { error: errorMessage(err) });
    return true;
  }
}

function reply(res: ServerResponse, body: unknown): true {
  sendJson(res, 200, body);
  return true;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`);
  return value;
}

function knownCall(body: Record<string, unknown>, target: ControlTarget): string {
  const uniqueId = body['uniqueId'];
  if (typeof uniqueId !== 'string' || uniqueId === '') throw new HttpError(400, '"uniqueId" must be a non-empty string');
  if (!target.hasCall(uniqueId)) throw new HttpError(404, `No such call: ${uniqueId}`);
  return uniqueId;
}
