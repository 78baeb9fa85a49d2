/**
 * What the dashboard's reducer takes and gives, as plain types: the events (a server frame, the
 * socket going up or down, the seller's action, an API answer, a timer), the effects it asks the
 * app to run, and the timers it starts and stops by name.
 */
import type { AttachmentView } from '../shared/protocol';
import type { EffectRecorder } from '../shared/effect-recorder';
import type { ClientFrame, ContactStatus, ContactView, ContactWithMessages, MessagePage, ServerFrame } from '../shared/protocol';
import type { TransferTarget } from './api';
import type { DashboardState } from './state';

export type DashboardTimer = 'reload' | 'typingIdle' | 'visitorTyping' | 'tokenExpiry';

export type DashboardEvent =
  | { type: 'socketUp'; presence: 'online' | 'away' | undefined }
  | { type: 'socketDown' }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'openRequested'; contactId: string }
  | { type: 'contactLoaded'; serial: number; readAt: number; contact: ContactWithMessages }
  | { type: 'contactFailed'; serial: number; reason: string }
  | { type: 'reloadDue' }
  | { type: 'listsLoaded'; generation: number; startedAt: number; lists: Record<ContactStatus, ContactView[]> }
  | { type: 'listsFailed'; generation: number; reason: string }
  | { type: 'earlierRequested' }
  | { type: 'earlierLoaded'; serial: number; oldest: number; after: number; page: MessagePage }
  | { type: 'earlierFailed'; serial: number; reason: string }
  | { type: 'replyWritten'; text: string; clientMessageId: string; attachments?: AttachmentView[] }
  | { type: 'retryRequested'; clientMessageId: string }
  | { type: 'replyWaiting'; clientMessageId: string }
  | { type: 'suggestRequested' }
  | { type: 'keystroke' }
  | { type: 'typingStarted'; contactId: string; at: number }
  | { type: 'typingIdle' }
  | { type: 'visitorTypingExpired' }
  | { type: 'presenceRequested'; status: 'online' | 'away' }
  | { type: 'presenceNotSent' }
  | { type: 'readMarked'; contactId: string; upToSeq: number }
  /** the page became visible or got the focus */
  | { type: 'pageActivated' }
  | { type: 'tabSelected'; status: ContactStatus }
  | { type: 'noticeDismissed' }
  | { type: 'endRequested' }
  | { type: 'endSucceeded'; contact: ContactView }
  | { type: 'endFailed'; reason: string }
  | { type: 'transferStarted' }
  | { type: 'transferSucceeded'; to: TransferTarget; contact: ContactView }
  | { type: 'transferFailed'; reason: string }
  | { type: 'tokenExpired' }
  | { type: 'signedOut' };

export type DashboardEffect =
  | { kind: 'send'; frame: ClientFrame; ifSent?: DashboardEvent; ifNotSent?: DashboardEvent }
  /** the read mark, sent only while the page is visible and focused; `readMarked` reports that it went */
  | { kind: 'markRead'; contactId: string; upToSeq: number }
  /** a short tone; `onlyIfHidden`: the chat is on screen, so only when the page is hidden */
  | { kind: 'beep'; onlyIfHidden: boolean }
  /** answers with `listsLoaded` or `listsFailed` */
  | { kind: 'loadLists'; generation: number; startedAt: number }
  /** answers with `contactLoaded` or `contactFailed` */
  | { kind: 'loadContact'; contactId: string; serial: number; readAt: number }
  /** answers with `earlierLoaded` or `earlierFailed` */
  | { kind: 'loadEarlier'; contactId: string; serial: number; oldest: number; after: number; limit: number }
  /** answers with `endSucceeded` or `endFailed` */
  | { kind: 'endChat'; contactId: string }
  /** the open chat in the address, so a reload opens it again */
  | { kind: 'showInAddress'; contactId: string }
  | { kind: 'signOut'; message: string }
  | { kind: 'startTimer'; timer: DashboardTimer; delayMs?: number }
  | { kind: 'stopTimer'; timer: DashboardTimer };

/** One event's work: a copy of the state to change, the time, and the effects recorded so far. */
export type DashboardStep = EffectRecorder<DashboardState, DashboardEffect>;
