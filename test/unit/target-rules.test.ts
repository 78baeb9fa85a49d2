/** Per-target rules: first-response times, weekly business hours in a time zone, auto-replies. */
import {
  autoReplyFor,
  DEFAULT_AUTO_REPLIES,
  isOpen,
  parseAutoReplies,
  parseBusinessHours,
  parseFirstResponseSeconds,
  replyDueAt,
  waitReason,
} from '../../lib/routing/target-rules';

const rules = {
  firstResponseSeconds: parseFirstResponseSeconds('{"team-a": 90, "*": 300}'),
  businessHours: parseBusinessHours('{"team-a": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": "09:00-12:00,13:00-17:00", "sat": "10:00-13:00"}}}'),
  autoReplies: parseAutoReplies('{"team-a": {"closed": "Back Monday"}}'),
};

test("business hours are read in the target's own time zone, spans and day ranges included", () => {
  // Wednesday 2026-12-02: Berlin is UTC+1 in winter
  expect(isOpen(rules, 'team-a', new Date('2026-12-02T08:30:00Z'))).toBe(true); // 09:30 local
  expect(isOpen(rules, 'team-a', new Date('2026-12-02T07:59:00Z'))).toBe(false); // 08:59
  expect(isOpen(rules, 'team-a', new Date('2026-12-02T11:30:00Z'))).toBe(false); // 12:30, the lunch gap
  expect(isOpen(rules, 'team-a', new Date('2026-12-02T16:00:00Z'))).toBe(false); // 17:00 closes
  expect(isOpen(rules, 'team-a', new Date('2026-12-05T09:30:00Z'))).toBe(true); // Saturday 10:30
  expect(isOpen(rules, 'team-a', new Date('2026-12-06T09:30:00Z'))).toBe(false); // Sunday
  // a target without hours is always open
  expect(isOpen(rules, 'team-b', new Date('2026-12-06T03:00:00Z'))).toBe(true);
});

test('why a chat waits, and what the visitor is told', () => {
  const sunday = new Date('2026-12-06T09:30:00Z');
  const wednesday = new Date('2026-12-02T08:30:00Z');
  expect(waitReason(rules, 'team-a', true, sunday)).toBe('closed');
  expect(waitReason(rules, 'team-a', false, wednesday)).toBe('offline');
  expect(waitReason(rules, 'team-a', true, wednesday)).toBe('busy');
  expect(autoReplyFor(rules, 'team-a', 'closed')).toBe('Back Monday');
  expect(autoReplyFor(rules, 'team-a', 'offline')).toBe(DEFAULT_AUTO_REPLIES.offline);
  expect(autoReplyFor(rules, 'team-a', 'busy')).toBeUndefined();
});

test('first-response time per target, `*` for the rest, off when unset', () => {
  expect(replyDueAt(rules, 'team-a', 0)).toBe(new Date(90_000).toISOString());
  expect(replyDueAt(rules, 'team-b', 0)).toBe(new Date(300_000).toISOString());
  expect(replyDueAt({ firstResponseSeconds: parseFirstResponseSeconds(undefined) }, 'team-a', 0)).toBeUndefined();
});

test('a wrong setting names the target and what is wrong', () => {
  expect(() => parseFirstResponseSeconds('{"team-a": 0}')).toThrow('FIRST_RESPONSE_SECONDS of team-a must be a positive whole number');
  expect(() => parseBusinessHours('{"team-a": {"timeZone": "Mars/Olympus", "hours": {}}}')).toThrow('"Mars/Olympus" is not a time zone');
  expect(() => parseBusinessHours('{"team-a": {"timeZone": "UTC", "hours": {"mon": "17:00-09:00"}}}')).toThrow('closes before it opens');
  expect(() => parseBusinessHours('{"team-a": {"timeZone": "UTC", "hours": {"monday": "09:00-17:00"}}}')).toThrow('"monday" is not a day');
  expect(() => parseAutoReplies('{"team-a": {"busy": "x"}}')).toThrow('AUTO_REPLIES of team-a');
  expect(() => parseBusinessHours('not json')).toThrow('BUSINESS_HOURS must be JSON');
});
