/**
 * The server's protocol as the pages see it. The types are the server's own (type-only imports:
 * nothing of lib/ is bundled, and a change there that the pages do not follow fails `tsc -p web`);
 * the one function is where a socket frame becomes a `ServerFrame`.
 */
import type * as z from 'zod';
import type {
  InitChatFrame,
  LeaveEmailFrame,
  PingFrame,
  PresenceFrame,
  ReadFrame,
  RequestHumanFrame,
  ResumeFrame,
  SendMessageBody,
  SendMessageFrame,
  SuggestReplyFrame,
  TypingFrame,
  VisitorContextFrame,
} from '../../lib/protocol/inbound';
import type { ChatMessageFrame, ServerFrame } from '../../lib/protocol/outbound';

export type { ContactStatus, HandoffReason, MessageRole, Role } from '../../lib/protocol/ids';
export type { AttachmentView, ChatMessageFrame, FrameOf, NoteView, QueueWait, ServerFrame, VisitorContextView } from '../../lib/protocol/outbound';
export type {
  ConnectTicketAnswer,
  ContactList,
  ContactView,
  ContactWithMessages,
  EarlierChat,
  MessagePage,
  RatingAnswer,
  RestSendAnswer,
  SavedReplyList,
  SavedReplyView,
} from '../../lib/protocol/views';

/** Every frame the pages send, as the server's schemas accept it. */
export type ClientFrame =
  | z.input<typeof InitChatFrame>
  | z.input<typeof SendMessageFrame>
  | z.input<typeof TypingFrame>
  | z.input<typeof ReadFrame>
  | z.input<typeof PresenceFrame>
  | z.input<typeof ResumeFrame>
  | z.input<typeof PingFrame>
  | z.input<typeof LeaveEmailFrame>
  | z.input<typeof RequestHumanFrame>
  | z.input<typeof SuggestReplyFrame>
  | z.input<typeof VisitorContextFrame>;

/** A source the shop's assistant cited under its answer: a knowledge document's id, title and, if it has one, its URL. */
export type Citation = NonNullable<ChatMessageFrame['citations']>[number];

/** The body of `POST /sendmessage`, the widget's way to send without a socket. */
export type SendMessageRequest = z.input<typeof SendMessageBody>;

/**
 * A socket frame's text as a `ServerFrame`; undefined when it is not JSON or not an object with a
 * string `action`. The server builds every frame from lib/protocol/outbound, so past this check the
 * pages narrow by `action` and trust the rest.
 */
export function parseServerFrame(text: string): ServerFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || typeof (value as { action?: unknown }).action !== 'string') return undefined;
  return value as ServerFrame;
}
