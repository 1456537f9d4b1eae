// HTTP control endpoint (JSON in, JSON out) for the CLI and manual demos. Bad input -> 400, unknown call -> 404,
// both as {"error": "..."}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import { isAgentAction } from './agents.js';
import { validateModes } from './config.js';
import { HttpError, isRecord, readJson, sendJson } from './http-util.js';
import type { AgentAction, AgentOptions, EventShape, RingOptions, SimAgentState, SimModes } from './types.js';

export interface ControlTarget {
  ring(opts: RingOptions): string;
  answer(uniqueId: string): void;
  hangup(uniqueId: string, reason?: string): void;
  miss(uniqueId: string): void;
  answerElsewhere(uniqueId: string, by?: string): string | null;
  agent(action: AgentAction, opts: AgentOptions): SimAgentState;
  setModes(m: Partial<SimModes>): void;
  readonly modes: SimModes;
  /** Closes all client sockets; returns how many. */
  drop(): number;
  state(): unknown;
  hasCall(uniqueId: string): boolean;
}

/** Handles /control/*. Returns false for other paths. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: ControlTarget,
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
        const from = body.from;
        const line = optionalString(body, 'line');
        const queue = optionalString(body, 'queue');
        const shape = optionalShape(body);
        if (typeof from !== 'string' || from.trim() === '')
          throw new HttpError(400, '"from" must be a non-empty string');
        const uniqueId = refusedAs400(() =>
          target.ring({
            from,
            ...(line !== undefined ? { line } : {}),
            ...(queue !== undefined ? { queue } : {}),
            ...(shape ? { shape } : {}),
          }),
        );
        return reply(res, { uniqueId });
      }
      case 'miss': {
        const uniqueId = knownCall(body, target);
        refusedAs400(() => target.miss(uniqueId));
        return reply(res, { ok: true, uniqueId });
      }
      case 'answer-elsewhere': {
        const uniqueId = knownCall(body, target);
        const by = optionalString(body, 'by');
        return reply(res, { ok: true, uniqueId, by: refusedAs400(() => target.answerElsewhere(uniqueId, by)) });
      }
      case 'agent': {
        const action = body.action;
        const queue = body.queue;
        if (!isAgentAction(action)) throw new HttpError(400, '"action" must be login, logout, pause or unpause');
        if (typeof queue !== 'string' || queue.trim() === '')
          throw new HttpError(400, '"queue" must be a non-empty string');
        const user = optionalString(body, 'user');
        const reason = optionalString(body, 'reason');
        const shape = optionalShape(body);
        const opts: AgentOptions = {
          queue,
          ...(user !== undefined ? { user } : {}),
          ...(reason !== undefined ? { reason } : {}),
          ...(shape ? { shape } : {}),
        };
        return reply(
          res,
          refusedAs400(() => target.agent(action, opts)),
        );
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

/** Runs a simulator command; what it refuses (an Error) is the client's mistake: 400 with its message. */
function refusedAs400<T>(command: () => T): T {
  try {
    return command();
  } catch (err) {
    throw new HttpError(400, errorMessage(err));
  }
}

function optionalShape(body: Record<string, unknown>): EventShape | undefined {
  const shape = optionalString(body, 'shape');
  if (shape === undefined || shape === 'socket' || shape === 'webhook') return shape;
  throw new HttpError(400, '"shape" must be socket or webhook');
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`);
  return value;
}

function knownCall(body: Record<string, unknown>, target: ControlTarget): string {
  const uniqueId = body.uniqueId;
  if (typeof uniqueId !== 'string' || uniqueId === '')
    throw new HttpError(400, '"uniqueId" must be a non-empty string');
  if (!target.hasCall(uniqueId)) throw new HttpError(404, `No such call: ${uniqueId}`);
  return uniqueId;
}
