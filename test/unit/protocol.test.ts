import { ChatError } from '../../lib/platform/errors';
import { refusal } from '../support/refusal';
import { InitChatFrame, SendMessageBody, SendMessageFrame } from '../../lib/protocol/inbound';
import { frames } from '../../lib/protocol/outbound';
import { parseJsonObject, parseWith } from '../../lib/protocol/parse';

describe('frame parsing', () => {
  test('non-JSON text, arrays and binary frames are refused with BAD_REQUEST', () => {
    expect(refusal(() => parseJsonObject('{nope', 'frame')).message).toBe('frame is not valid JSON');
    expect(refusal(() => parseJsonObject('[1,2]', 'frame')).message).toBe('frame must be a JSON object');
    expect(refusal(() => parseJsonObject(Buffer.from('{}'), 'frame')).code).toBe('BAD_REQUEST');
  });

  test('InitChat without sellerId or userInfo names the missing field', () => {
    const noSeller = refusal(() => parseWith(InitChatFrame, { action: 'InitChat', userInfo: {} }));
    expect(noSeller.code).toBe('BAD_REQUEST');
    expect(noSeller.message).toBe('sellerId is required');
    expect(refusal(() => parseWith(InitChatFrame, { action: 'InitChat', sellerId: 's' })).message).toBe('userInfo is required');
  });

  test('the seed InitChat frame parses, numeric seller ids become strings, unknown fields are tolerated', () => {
    const frame = parseWith(InitChatFrame, {
      action: 'InitChat',
      sellerId: 123456,
      userInfo: { name: 'Ann', email: 'ann@example.com' },
      timestamp: '2026-01-01T00:00:00Z',
      extra: true,
    });
    expect(frame.sellerId).toBe('123456');
    expect(frame.userInfo).toEqual({ name: 'Ann', email: 'ann@example.com' });
  });

  test('wrong types are refused naming the field', () => {
    const wrong = refusal(() => parseWith(SendMessageFrame, { action: 'sendMessage', to: 's', message: 42 }));
    expect(wrong.message).toMatch(/^message: /);
    const badId = refusal(() => parseWith(InitChatFrame, { action: 'InitChat', sellerId: 'a b', userInfo: {} }));
    expect(badId.message).toMatch(/^sellerId: /);
    expect(refusal(() => parseWith(SendMessageFrame, { action: 'sendMessage', to: 's', message: '' })).message).toBe('message: message must not be empty');
  });

  test('the seed REST body parses', () => {
    const body = parseWith(SendMessageBody, {
      sellerId: '123456',
      widgetId: 'w1',
      message: 'hi',
      userInfo: { name: 'Ann' },
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(body.sellerId).toBe('123456');
  });
});

describe('outbound frames', () => {
  test('no event but a chat message and the InitChat ack carries a top-level message string', () => {
    const error = new ChatError('FORBIDDEN', 'no');
    const events = [
      frames.contactAssignedToSeller({ contactId: 'c', visitorId: 'v', userInfo: {} }),
      frames.contactAssignedToVisitor({ contactId: 'c', sellerId: 's' }),
      frames.messageAck({ id: 'm', contactId: 'c', seq: 1, delivered: true, duplicate: false, timestamp: '2026-01-01T00:00:00.000Z' }),
      frames.connected({ connectionId: 'x', role: 'visitor', userId: 'v' }),
      frames.error(error, 'r', 'cm-1'),
    ];
    for (const event of events) expect(event).not.toHaveProperty('message');
    expect(frames.error(error, 'r', 'cm-1')).toEqual({
      action: 'error',
      type: 'error',
      error: { code: 'FORBIDDEN', message: 'no' },
      requestId: 'r',
      clientMessageId: 'cm-1',
    });
  });
});
