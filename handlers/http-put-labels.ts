import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { setLabels } from '../lib/chat/labels';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, LabelsBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { labelDeps } from '../lib/wiring/labels';

/** PUT /v1/contacts/{id}/labels {labels} (seller token): the chat's whole set of labels. */
export const handler = httpHandler('PUT /v1/contacts/{id}/labels', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(LabelsBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 200, body: await setLabels(labelDeps, seller, id, body.labels) };
});
