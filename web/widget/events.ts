/**
 * What the widget's reducer takes and gives, as plain types: the events (a server frame, the socket
 * going up or down, the visitor's action, an HTTP answer, a timer), the effects it asks the runtime
 * to run, and the timers it starts and stops by name.
 */
import type { AttachmentView } from '../shared/protocol';
import type { EffectRecorder } from '../shared/effect-recorder';
import type { HttpRefusal } from '../shared/http';
import type { ClientFrame, ContactView, MessagePage, RestSendAnswer, SendMessageRequest, ServerFrame } from '../shared/protocol';
import type { Profile, SavedChat, WidgetState } from './chat-state';

export type WidgetTimer = 'outboxFlush' | 'poll' | 'typingIdle' | 'sellerTyping' | 'answerStalled';

export type WidgetEvent =
  /** the page loaded */
  | { type: 'started' }
  | { type: 'panelToggled'; open: boolean }
  | { type: 'chatStarted'; profile: Profile }
  | { type: 'newChatRequested' }
  /** the visitor left an email to be answered at */
  | { type: 'emailGiven'; email: string }
  | { type: 'messageWritten'; text: string; clientMessageId: string; attachments?: AttachmentView[] }
  | { type: 'keystroke' }
  /** "Talk to a person" */
  | { type: 'humanRequested' }
  | { type: 'socketUp' }
  /** also for every failed attempt while the socket stays down */
  | { type: 'socketDown' }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'readSent'; upToSeq: number }
  | { type: 'restSent'; clientMessageId: string; answer: RestSendAnswer }
  | { type: 'restFailed'; clientMessageId: string; refusal: HttpRefusal | null }
  | { type: 'historyPage'; page: MessagePage }
  | { type: 'contactRead'; contact: ContactView }
  | { type: 'syncFailed'; refusal: HttpRefusal | null }
  | { type: 'outboxDue' }
  | { type: 'pollDue' }
  | { type: 'typingIdle' }
  | { type: 'sellerTypingExpired' }
  /** no delta nor message of an answer being written for a long while */
  | { type: 'answerStalled' };

export type WidgetEffect =
  /** open the socket; it then comes back by itself */
  | { kind: 'connect' }
  | { kind: 'send'; frame: ClientFrame }
  /** sent only while the page is visible and the socket is up; `readSent` reports that it went */
  | { kind: 'readReceipt'; contactId: string; upToSeq: number }
  /** `POST /sendmessage`; answers with `restSent` or `restFailed` */
  | { kind: 'restSend'; clientMessageId: string; token: string | undefined; body: SendMessageRequest }
  /** the messages after `afterSeq` page by page (`historyPage`), then the contact (`contactRead`), or `syncFailed` */
  | { kind: 'sync'; contactId: string; token: string; afterSeq: number }
  | { kind: 'save'; chat: SavedChat }
  | { kind: 'startTimer'; timer: WidgetTimer }
  | { kind: 'stopTimer'; timer: WidgetTimer };

/** One event's work: a copy of the state to change, the time, and the effects recorded so far. */
export type WidgetStep = EffectRecorder<WidgetState, WidgetEffect>;
