/**
 * Per-target routing rules, set in the environment as JSON keyed by seller or team id (`*` for every
 * target without its own entry):
 * - FIRST_RESPONSE_SECONDS `{"team-a": 120, "*": 300}`: how long a visitor waits for an assigned
 *   seller's first reply before the chat is offered to another seller of its queue (off by default);
 * - BUSINESS_HOURS `{"team-a": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00", "sat": "10:00-13:00"}}}`:
 *   weekly hours in the target's time zone; a target without hours is always open;
 * - AUTO_REPLIES `{"team-a": {"offline": "…", "closed": "…"}}`: what a visitor whose chat waits is
 *   told at once when nobody of the target is online, or the target is closed.
 * Pure functions: the lifecycle asks them, the configuration parses them once per container.
 */
import { parseJsonObjectSetting } from '../platform/json-setting';
import type { WaitReason } from '../protocol/ids';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

/** Minutes from local midnight: [opens, closes). */
type Span = [number, number];

export interface WeeklyHours {
  timeZone: string;
  days: Partial<Record<Day, Span[]>>;
}

export interface TargetRules {
  firstResponseSeconds: Record<string, number>;
  businessHours: Record<string, WeeklyHours>;
  autoReplies: Record<string, { offline?: string; closed?: string }>;
  /** ASSISTANT: a target in `first` gives its new chats to the assistant before any person */
  assistantModes?: Record<string, AssistantMode>;
}

export const DEFAULT_AUTO_REPLIES: Record<'offline' | 'closed', string> = {
  offline: 'Nobody is available to chat right now. Leave your email and we will answer you there, or stay: the first seller back sees your chat first.',
  closed: 'We are closed right now. Leave your email and we will answer you when we are back, or stay: the first seller to open sees your chat first.',
};

const ofTarget = <T>(byTarget: Record<string, T>, target: string): T | undefined => byTarget[target] ?? byTarget['*'];

/** One formatter per time zone for the container's life: building one costs more than using it. */
const localClocks = new Map<string, Intl.DateTimeFormat>();
const localClock = (timeZone: string): Intl.DateTimeFormat => {
  let format = localClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    localClocks.set(timeZone, format);
  }
  return format;
};

export function parseFirstResponseSeconds(raw: string | undefined): Record<string, number> {
  const value = parseJsonObjectSetting('FIRST_RESPONSE_SECONDS', raw, '{"team-a": 120, "*": 300}');
  for (const [target, seconds] of Object.entries(value)) {
    if (!Number.isInteger(seconds) || (seconds as number) <= 0) throw new Error(`FIRST_RESPONSE_SECONDS of ${target} must be a positive whole number of seconds`);
  }
  return value as Record<string, number>;
}

/** Per target: whether the shop's assistant answers its chats (ASSISTANT). */
export const ASSISTANT_MODES = ['off', 'waiting', 'first'] as const;
export type AssistantMode = (typeof ASSISTANT_MODES)[number];

/**
 * ASSISTANT `{"shop-1": "first", "team-a": "waiting", "*": "off"}`: `first` gives every new chat
 * to the assistant, outside any queue, and to a person (a seller with room, else the queue) when
 * the visitor asks or the assistant cannot answer; `waiting` answers a chat only while it waits in
 * its queue (nobody online, closed, everyone busy) until a person takes it or the visitor asks.
 */
export function parseAssistantModes(raw: string | undefined): Record<string, AssistantMode> {
  const value = parseJsonObjectSetting('ASSISTANT', raw, '{"shop-1": "first", "*": "off"}');
  for (const [target, mode] of Object.entries(value)) {
    if (!ASSISTANT_MODES.includes(mode as AssistantMode)) throw new Error(`ASSISTANT of ${target} must be one of ${ASSISTANT_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  }
  return value as Record<string, AssistantMode>;
}

/** ASSISTANT_ANSWERS_PER_MINUTE, ASSISTANT_TOKENS_PER_DAY: one number for every target, or JSON per target (`*` for the rest). */
export function parsePerTargetCount(name: string, raw: string | undefined): Record<string, number> {
  if (!raw) return {};
  const value: Record<string, unknown> = raw.trim().startsWith('{') ? parseJsonObjectSetting(name, raw, '{"shop-1": 60, "*": 30}') : { '*': Number(raw) };
  for (const [target, count] of Object.entries(value)) {
    if (!Number.isInteger(count) || (count as number) <= 0)
      throw new Error(`${name}${target === '*' ? '' : ` of ${target}`} must be a positive whole number, got ${JSON.stringify(count)}`);
  }
  return value as Record<string, number>;
}

/** The assistant's mode for `target` (its own entry, else `*`, else off). */
export const assistantModeOf = (modes: Record<string, AssistantMode>, target: string): AssistantMode => ofTarget(modes, target) ?? 'off';

const clock = (text: string, where: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) throw new Error(`BUSINESS_HOURS of ${where}: "${text}" is not a time like 09:30`);
  return minutes;
};

const daysOf = (key: string, where: string): Day[] => {
  const [from, to] = key.split('-') as [string, string | undefined];
  const first = DAYS.indexOf(from as Day);
  const last = DAYS.indexOf((to ?? from) as Day);
  if (first < 0 || last < 0) throw new Error(`BUSINESS_HOURS of ${where}: "${key}" is not a day (mon … sun) or a range of days (mon-fri)`);
  const days: Day[] = [];
  for (let day = first; ; day = (day + 1) % 7) {
    days.push(DAYS[day] as Day);
    if (day === last) return days;
  }
};

export function parseBusinessHours(raw: string | undefined): Record<string, WeeklyHours> {
  const value = parseJsonObjectSetting('BUSINESS_HOURS', raw, '{"team-a": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}}}');
  const parsed: Record<string, WeeklyHours> = {};
  for (const [target, entry] of Object.entries(value)) {
    const { timeZone, hours } = (entry ?? {}) as { timeZone?: unknown; hours?: unknown };
    if (typeof timeZone !== 'string') throw new Error(`BUSINESS_HOURS of ${target} needs a timeZone, like "Europe/Berlin"`);
    try {
      localClock(timeZone);
    } catch {
      throw new Error(`BUSINESS_HOURS of ${target}: "${timeZone}" is not a time zone`);
    }
    if (typeof hours !== 'object' || hours === null) throw new Error(`BUSINESS_HOURS of ${target} needs hours, like {"mon-fri": "09:00-17:00"}`);
    const days: WeeklyHours['days'] = {};
    for (const [key, spans] of Object.entries(hours)) {
      if (typeof spans !== 'string') throw new Error(`BUSINESS_HOURS of ${target}: the hours of ${key} must be text like "09:00-12:00,13:00-17:00"`);
      const parsedSpans = spans.split(',').map((span) => {
        const [opens, closes] = span.trim().split('-') as [string, string | undefined];
        const range: Span = [clock(opens, target), clock(closes ?? '', target)];
        if (range[0] >= range[1]) throw new Error(`BUSINESS_HOURS of ${target}: "${span.trim()}" closes before it opens`);
        return range;
      });
      for (const day of daysOf(key, target)) days[day] = [...(days[day] ?? []), ...parsedSpans];
    }
    parsed[target] = { timeZone, days };
  }
  return parsed;
}

export function parseAutoReplies(raw: string | undefined): TargetRules['autoReplies'] {
  const value = parseJsonObjectSetting('AUTO_REPLIES', raw, '{"team-a": {"offline": "…", "closed": "…"}}');
  for (const [target, entry] of Object.entries(value)) {
    const texts = Object.entries((entry ?? {}) as Record<string, unknown>);
    if (typeof entry !== 'object' || entry === null || texts.some(([reason, text]) => !['offline', 'closed'].includes(reason) || typeof text !== 'string' || !text)) {
      throw new Error(`AUTO_REPLIES of ${target} must be {"offline": "text", "closed": "text"} (either may be left out)`);
    }
  }
  return value as TargetRules['autoReplies'];
}

/** Whether `target` is within its business hours at `at`; a target without hours is always open. */
export function isOpen(rules: Pick<TargetRules, 'businessHours'>, target: string, at: Date): boolean {
  const hours = ofTarget(rules.businessHours, target);
  if (!hours) return true;
  const parts = localClock(hours.timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3) as Day;
  const minute = Number(part('hour')) * 60 + Number(part('minute'));
  return (hours.days[day] ?? []).some(([opens, closes]) => minute >= opens && minute < closes);
}

/** Why a chat that found no seller waits: closed beats offline beats busy. */
export function waitReason(rules: Pick<TargetRules, 'businessHours'>, target: string, anyoneOnline: boolean, at: Date): WaitReason {
  if (!isOpen(rules, target, at)) return 'closed';
  return anyoneOnline ? 'busy' : 'offline';
}

/** What the visitor is told at once when its chat waits for `reason`; nothing when sellers are only busy. */
export function autoReplyFor(rules: Pick<TargetRules, 'autoReplies'>, target: string, reason: WaitReason): string | undefined {
  if (reason === 'busy') return undefined;
  return ofTarget(rules.autoReplies, target)?.[reason] ?? DEFAULT_AUTO_REPLIES[reason];
}

/** When an assignment made at `at` is due its first reply, or undefined when the target has no first-response time. */
export function replyDueAt(rules: Pick<TargetRules, 'firstResponseSeconds'>, target: string, at: number): string | undefined {
  const seconds = ofTarget(rules.firstResponseSeconds, target);
  return seconds ? new Date(at + seconds * 1000).toISOString() : undefined;
}
