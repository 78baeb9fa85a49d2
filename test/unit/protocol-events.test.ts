import { refusal } from '../support/refusal';
import { parseWith } from '../../lib/protocol/parse';
import { frames, frames as eventFrames } from '../../lib/protocol/outbound';
import { ListContactsQuery, ListMessagesQuery, PresenceFrame, ReadFrame, ResumeFrame, TransferBody, TypingFrame, UpdateContactBody } from '../../lib/protocol/inbound';

describe('live-event frames in', () => {
  test('typing, read, presence and resume parse; bad values name the field', () => {
    expect(parseWith(TypingFrame, { action: 'typing', contact_id: 'c', state: 'start' }).state).toBe('start');
    expect(refusal(() => parseWith(TypingFrame, { action: 'typing', contact_id: 'c', state: 'maybe' })).message).toMatch(/^state: /);
    expect(parseWith(ReadFrame, { action: 'read', contact_id: 'c', upToSeq: 3 }).upToSeq).toBe(3);
    expect(refusal(() => parseWith(ReadFrame, { action: 'read', contact_id: 'c', upToSeq: 1.5 })).code).toBe('BAD_REQUEST');
    expect(refusal(() => parseWith(PresenceFrame, { action: 'presence', status: 'busy' })).message).toMatch(/^status: /);
    expect(parseWith(ResumeFrame, { action: 'resume', contact_id: 'c' }).afterSeq).toBe(0);
  });
});

describe('history API input', () => {
  test('list queries: status defaults to assigned, numbers come as text', () => {
    expect(parseWith(ListContactsQuery, {})).toEqual({ status: 'assigned' });
    expect(parseWith(ListContactsQuery, { status: 'queued', limit: '10' })).toEqual({ status: 'queued', limit: 10 });
    expect(refusal(() => parseWith(ListContactsQuery, { limit: '-1' })).message).toMatch(/^limit: /);
    expect(parseWith(ListMessagesQuery, { after: '5' })).toEqual({ after: 5 });
  });

  test('a transfer names exactly one target; an update names title or tags and nothing else', () => {
    expect(parseWith(TransferBody, { toTeamId: 'sales' })).toEqual({ toTeamId: 'sales' });
    expect(refusal(() => parseWith(TransferBody, {})).message).toMatch(/exactly one/);
    expect(refusal(() => parseWith(TransferBody, { toTeamId: 'a', toSellerId: 'b' })).message).toMatch(/exactly one/);
    expect(parseWith(UpdateContactBody, { tags: ['vip'] })).toEqual({ tags: ['vip'] });
    expect(refusal(() => parseWith(UpdateContactBody, {})).message).toMatch(/title or tags/);
    expect(refusal(() => parseWith(UpdateContactBody, { status: 'ended' })).code).toBe('BAD_REQUEST');
  });
});

describe('live-event frames out', () => {
  test('no event carries a top-level message string', () => {
    const events = [
      eventFrames.typing({ contactId: 'c', state: 'start', role: 'visitor', from: 'v' }),
      eventFrames.read({ contactId: 'c', role: 'seller', upToSeq: 2, readAt: 't' }),
      eventFrames.presence({ sellerId: 's', status: 'away' }),
      eventFrames.sellerPresence({ contactId: 'c', sellerId: 's', status: 'offline' }),
      eventFrames.resumed({ contactId: 'c', afterSeq: 0, lastSeq: 3, count: 3, status: 'assigned' }),
      eventFrames.pong(),
      eventFrames.contactEnded({ contactId: 'c', endedBy: 'seller', endedAt: 't' }),
      eventFrames.contactTransferred({ contactId: 'c', fromSellerId: 'a', toSellerId: 'b', toTeamId: null, status: 'assigned', reason: 'transfer' }),
      eventFrames.messageDeleted({ contactId: 'c', id: 'm', seq: 1, deletedBy: 'visitor', deletedAt: 't' }),
      eventFrames.contactQueued({ contactId: 'c', queueKey: 'team', fromSellerId: 'a', reason: 'presence' }),
    ];
    for (const event of events) expect(event).not.toHaveProperty('message');
  });

  test('a soft-deleted chat message keeps its place but loses its text', () => {
    const base = { id: 'm', contactId: 'c', seq: 4, from: 'v', to: 's', role: 'visitor' as const, text: 'secret', createdAt: 't' };
    expect(frames.chatMessage(base)).toMatchObject({ message: 'secret' });
    const hidden = frames.chatMessage({ ...base, deletedAt: 'later' });
    expect(hidden).toMatchObject({ seq: 4, deleted: true, deletedAt: 'later' });
    expect(hidden).not.toHaveProperty('message');
  });
});
