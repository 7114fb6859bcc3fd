import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './client-connection';

const text = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseClientMessage', () => {
  it('reads a request envelope', () => {
    expect(parseClientMessage(text({ type: 'request', id: 3, method: 'app.info', params: {} }), false)).toEqual({
      kind: 'request',
      type: 'request',
      id: 3,
      method: 'app.info',
      params: {},
    });
  });

  it('answers a wrong envelope by its id, saying what is wrong', () => {
    expect(parseClientMessage(text({ type: 'request', id: 4, method: 12 }), false)).toEqual({
      kind: 'reply',
      id: 4,
      message: expect.stringMatching(/^Not a Trellis request: method /),
    });
    expect(parseClientMessage(text({ type: 'request', id: 5, method: 'x'.repeat(65) }), false)).toMatchObject({
      kind: 'reply',
      id: 5,
    });
  });

  it('hangs up, with a reason, on what cannot be answered', () => {
    for (const [data, binary, reason] of [
      [text('{"type":'), false, 'not JSON'],
      [text('null'), false, 'not a Trellis request'],
      [text({ type: 'request', id: -1, method: 'app.info' }), false, 'not a Trellis request'],
      [text({ type: 'request', id: 1.5, method: 'app.info' }), false, 'not a Trellis request'],
      [text({ type: 'request', id: 1 }), true, 'Binary'],
    ] as const) {
      expect(parseClientMessage(data, binary)).toEqual({ kind: 'close', reason: expect.stringContaining(reason) });
    }
  });

  it('reads fragmented and ArrayBuffer messages as ws may hand them', () => {
    const [a, b] = [text('{"type":"request","id":1,'), text('"method":"app.info","params":{}}')];
    expect(parseClientMessage([a, b], false)).toMatchObject({ kind: 'request', id: 1 });
    const whole = Buffer.concat([a, b]);
    expect(
      parseClientMessage(whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.length), false),
    ).toMatchObject({ kind: 'request', id: 1 });
  });
});
