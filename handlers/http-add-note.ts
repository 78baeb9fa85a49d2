import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { writeNote } from '../lib/chat/private-notes';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, NoteBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { privateNotes } from '../lib/wiring/private-notes';

/** POST /v1/contacts/{id}/notes {text} (seller token): a private note, for the chat's sellers only. */
export const handler = httpHandler('POST /v1/contacts/{id}/notes', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(NoteBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 201, body: await writeNote({ contacts, privateNotes, delivery }, seller, id, body.text) };
});
