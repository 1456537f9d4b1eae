/** The platform's event vocabulary (issue 15 §2) in the JSON-frame dialect: both key spellings, every new event. */
import { describe, expect, it } from 'vitest';
import { decodeFrame, type PbxEvent } from '../../src/shared/protocol.ts';

function decodeOk(data: string): PbxEvent {
  const decoded = decodeFrame(data);
  if (!decoded.ok) throw new Error(`expected the frame to be accepted, got: ${decoded.reason}`);
  return decoded.event;
}

function decodeFail(data: string): string {
  const decoded = decodeFrame(data);
  if (decoded.ok) throw new Error(`expected the frame to be dropped, got: ${JSON.stringify(decoded.event)}`);
  return decoded.reason;
}

describe('keys in any case: the socket spelling and the webhooks’ PascalCase', () => {
  it('reads a webhook-shaped Ringing (EventName, From, To, UniqueId, Direction, Line, Queue) like the socket one', () => {
    const socket = decodeOk(
      '{"event":"Ringing","from":"777888999","to":"444","uniqueId":"1.1","direction":"incoming","line":"444","queue":"support"}',
    );
    const webhook = decodeOk(
      '{"EventName":"Ringing","From":"777888999","To":"444","UniqueId":"1.1","Direction":"incoming","Line":"444","Queue":"support"}',
    );
    expect(webhook).toEqual(socket);
    expect(webhook).toEqual({
      event: 'call',
      type: 'ringing',
      uniqueId: '1.1',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
      queue: 'support',
    });
  });

  it('takes any mix of cases, numbers as their text, and the Hangup Reason', () => {
    expect(decodeOk('{"EVENTNAME":"HANGUP","uniqueid":1412256225.1940,"REASON":"No user response"}')).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: '1412256225.1940',
      reason: 'No user response',
    });
  });

  it('prefers "event" over "EventName", and the first spelling of a key written twice', () => {
    expect(
      decodeOk('{"EventName":"Hangup","event":"Answered","uniqueId":"1","from":"1","to":"2","direction":"incoming"}'),
    ).toMatchObject({ type: 'answered' });
    expect(decodeOk('{"event":"Hangup","UniqueId":"first","uniqueId":"second"}')).toMatchObject({ uniqueId: 'first' });
  });

  it('reads auth, originateresponse and error frames in PascalCase too', () => {
    expect(decodeOk('{"EventName":"auth","Status":"OK","Line":"444"}')).toEqual({
      event: 'auth',
      ok: true,
      line: '444',
    });
    expect(decodeOk('{"EventName":"OriginateResponse","ActionId":"a1","Response":"Success","UniqueId":"9"}')).toEqual({
      event: 'originateresponse',
      actionid: 'a1',
      ok: true,
      uniqueId: '9',
    });
    expect(decodeOk('{"EventName":"error","Message":"No such call","Action":"hangupcall"}')).toEqual({
      event: 'error',
      message: 'No such call',
      action: 'hangupcall',
    });
  });

  it('still drops a frame without "event" or "EventName", and reads {"Action":"PING"} as the iPBX’s ping', () => {
    expect(decodeFail('{"UniqueId":"1"}')).toBe('missing "event"');
    expect(decodeOk('{"Action":"PING"}')).toEqual({ event: 'ping' });
    expect(decodeOk('{"event":"ping"}')).toEqual({ event: 'ping' });
  });
});

describe('NewCall and AttendedTransfer', () => {
  it('NewCall is a call event with its parties; an anonymous caller is ""; only uniqueId is required', () => {
    expect(
      decodeOk(
        '{"EventName":"NewCall","From":"777888999","To":"444","UniqueId":"5","Direction":"incoming","Queue":"support"}',
      ),
    ).toEqual({
      event: 'call',
      type: 'newcall',
      uniqueId: '5',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      queue: 'support',
    });
    expect(decodeOk('{"event":"newcall","uniqueId":"6","from":null}')).toEqual({
      event: 'call',
      type: 'newcall',
      uniqueId: '6',
      from: '',
    });
    expect(decodeFail('{"event":"NewCall","from":"1"}')).toBe('newcall: missing "uniqueId"');
    expect(decodeFail('{"event":"NewCall","uniqueId":"1","direction":"up"}')).toMatch(/unknown direction/);
  });

  it('AttendedTransfer carries the original call, the target number and the consultation call', () => {
    expect(
      decodeOk('{"EventName":"AttendedTransfer","UniqueId":"1.1","To":"445","TargetUniqueId":"1.2","Line":"444"}'),
    ).toEqual({
      event: 'call',
      type: 'attendedtransfer',
      uniqueId: '1.1',
      to: '445',
      targetUniqueId: '1.2',
      line: '444',
    });
    expect(decodeOk('{"event":"AttendedTransfer","uniqueId":7}')).toEqual({
      event: 'call',
      type: 'attendedtransfer',
      uniqueId: '7',
    });
    expect(decodeFail('{"event":"AttendedTransfer","to":"445"}')).toBe('attendedtransfer: missing "uniqueId"');
  });

  it('keeps a reason on Hangup only, and targetUniqueId on AttendedTransfer only', () => {
    expect(decodeOk('{"event":"NewCall","uniqueId":"1","reason":"x","targetUniqueId":"2"}')).toEqual({
      event: 'call',
      type: 'newcall',
      uniqueId: '1',
      from: '',
    });
    expect(decodeOk('{"event":"Hangup","uniqueId":"1","Reason":"Answered elsewhere","TargetUniqueId":"2"}')).toEqual({
      event: 'call',
      type: 'hangup',
      uniqueId: '1',
      reason: 'Answered elsewhere',
    });
  });
});

describe('agent events', () => {
  it.each([
    ['AgentLogin', 'login'],
    ['AgentLogout', 'logout'],
    ['AgentUnPaused', 'unpaused'],
    ['agentunpaused', 'unpaused'],
  ] as const)('%s with Queue', (name, type) => {
    expect(decodeOk(`{"EventName":"${name}","Queue":"support"}`)).toEqual({ event: 'agent', type, queue: 'support' });
  });

  it('AgentPaused keeps PauseName; Email, Login and Line are kept when given', () => {
    expect(
      decodeOk(
        '{"EventName":"AgentPaused","Queue":"support","PauseName":"Oběd","Email":"alice@example.com","Login":"alice","Line":444}',
      ),
    ).toEqual({
      event: 'agent',
      type: 'paused',
      queue: 'support',
      pauseName: 'Oběd',
      email: 'alice@example.com',
      login: 'alice',
      line: '444',
    });
  });

  it('a pause name on other agent events is ignored; a Login or Email of another type is ignored, not fatal', () => {
    expect(decodeOk('{"event":"AgentLogin","queue":"q","pauseName":"x","login":{"id":1},"email":true}')).toEqual({
      event: 'agent',
      type: 'login',
      queue: 'q',
    });
  });

  it('drops an agent event without a queue, with an empty one, or with a queue of the wrong type', () => {
    expect(decodeFail('{"EventName":"AgentPaused","PauseName":"Oběd"}')).toBe('agentpaused: missing "queue"');
    expect(decodeFail('{"EventName":"AgentLogin","Queue":""}')).toBe('agentlogin: empty "queue"');
    expect(decodeFail('{"EventName":"AgentLogout","Queue":["a"]}')).toMatch(/"queue" must be a string or number/);
  });
});

describe('CDR and unknown events', () => {
  it('CDR is its own event, whatever it carries', () => {
    expect(decodeOk('{"EventName":"CDR","UniqueId":"1","Duration":33,"Billsec":{"x":1}}')).toEqual({ event: 'cdr' });
  });

  it('an unknown name is kept for the log, in either spelling', () => {
    expect(decodeOk('{"EventName":"QueueMemberStatus","Queue":"support"}')).toEqual({
      event: 'unknown',
      name: 'QueueMemberStatus',
    });
  });
});
