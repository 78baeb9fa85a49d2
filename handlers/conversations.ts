import { askInConversation, deleteConversation, readConversation, startConversation } from '../lib/assistant/conversations';
import { originOf } from '../lib/access/origins';
import { bodyText } from '../lib/lambda-adapters/http-adapter';
import { header, streamingHandler, type StreamRequest } from '../lib/lambda-adapters/stream-adapter';
import { CONVERSATION_ROUTES } from '../lib/protocol/conversation-routes';
import { ContactPath, ConversationMessageBody, CreateConversationBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { conversations, heartbeatMs } from '../lib/wiring/conversations';
import { callerOf } from '../lib/wiring/credentials';

const fromOf = ({ event }: StreamRequest) => ({ origin: originOf(event.headers), sourceIp: event.requestContext?.http?.sourceIp });
const idOf = (request: StreamRequest) => parseWith(ContactPath, request.params).id;

/**
 * The conversation API, one response-streaming function behind one base URL (a Function URL on AWS,
 * STREAM_PORT locally): start, ask (the answer as Server-Sent Events), read and delete a chat with the shop's assistant.
 */
export const handler = streamingHandler(
  [
    {
      ...CONVERSATION_ROUTES.start,
      async run(request) {
        const caller = await callerOf(request.event.headers);
        const body = parseWith(CreateConversationBody, parseJsonObject(bodyText(request.event) ?? '', 'body'));
        const { created, conversation } = await startConversation(conversations, caller, body, fromOf(request));
        return { kind: 'json', status: created ? 201 : 200, body: conversation };
      },
    },
    {
      ...CONVERSATION_ROUTES.ask,
      async run(request) {
        const caller = await callerOf(request.event.headers);
        const id = idOf(request);
        const lastEventId = header(request.event, 'last-event-id');
        // a reconnect names the answer it resumes; its body (the question again) is not stored twice
        const body = lastEventId === undefined ? parseWith(ConversationMessageBody, parseJsonObject(bodyText(request.event) ?? '', 'body')) : undefined;
        const prepared = await askInConversation(conversations, caller, id, { ...(body ? { body } : {}), ...(lastEventId !== undefined ? { lastEventId } : {}) }, fromOf(request));
        return {
          kind: 'events',
          firstId: `${prepared.question.seq}.0`,
          headers: { 'x-message-id': prepared.question.id },
          run: (send) => prepared.stream(send),
        };
      },
    },
    {
      ...CONVERSATION_ROUTES.read,
      async run(request) {
        return { kind: 'json', status: 200, body: await readConversation(conversations, await callerOf(request.event.headers), idOf(request), fromOf(request)) };
      },
    },
    {
      ...CONVERSATION_ROUTES.remove,
      async run(request) {
        return { kind: 'json', status: 200, body: await deleteConversation(conversations, await callerOf(request.event.headers), idOf(request), fromOf(request)) };
      },
    },
  ],
  { heartbeatMs },
);
