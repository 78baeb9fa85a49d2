import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { updateNotes } from '../lib/chat/notes';
import { setLabels } from '../lib/chat/labels';
import { labelDeps } from '../lib/wiring/labels';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, UpdateContactBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { history } from '../lib/wiring/history';
import { notes } from '../lib/wiring/notes';

/** PATCH /v1/contacts/{id} (seller token): title and tags (the chat's labels, kept findable by label). */
export const handler = httpHandler('PATCH /v1/contacts/{id}', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(UpdateContactBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  if (body.tags !== undefined) return { status: 200, body: await setLabels(labelDeps, seller, id, body.tags, body.title) };
  return { status: 200, body: await updateNotes({ ...history, notes }, seller, id, body) };
});
