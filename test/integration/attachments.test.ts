/**
 * Attachments end to end on the local stack: an upload form from the API, the file posted to the
 * local S3 with it, a message that carries it, and the link each party gets in its frame and its
 * history. The store itself refuses a file of another size or type, an anonymous read and a forged
 * link, and an unsigned or badly signed list or delete; strangers get no form and cannot send
 * someone else's file. Deleting the chat removes its files, sent or not, their records and its labels.
 */
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  api,
  attachmentsBucket,
  bucketKeys,
  dynamo,
  localS3,
  tableName,
  asFrame,
  connectSeller,
  connectSessionVisitor,
  sellerToken,
  uniqueId,
  type ChatSocket,
  type ErrorBody,
  type Frame,
  type FrameWith,
} from '../support/chat-client';
import { initChat } from '../support/chat-stories';
import { chatKeys, routingKeys } from '../../lib/store/keys';
import type { AttachmentUploadAnswer, ContactList, MessagePage } from '../../lib/protocol/views';
import type { AttachmentView } from '../../lib/protocol/outbound';

/** A small PNG's bytes (any bytes would do: the store does not look inside). */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('an image of a damaged parcel')]);

function requestUpload(contactId: string, token: string, file: { name: string; type: string; size: number }) {
  return api<AttachmentUploadAnswer & Partial<ErrorBody>>(`/v1/contacts/${contactId}/attachments`, { method: 'POST', token, body: file });
}

/** Posts `bytes` with the form as a browser does: its fields, then the file; `override` changes a field first. */
async function postForm(upload: AttachmentUploadAnswer['upload'], bytes: Buffer, override: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...override })) form.append(name, value);
  form.append('file', new Blob([bytes]), 'upload');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

/** Sends a message carrying files and resolves with its ack or refusal. */
async function sendFiles(socket: ChatSocket, contactId: string, attachmentIds: string[], message?: string): Promise<Frame> {
  const clientMessageId = uniqueId('cm');
  socket.send({
    action: 'sendMessage',
    contact_id: contactId,
    clientMessageId,
    attachments: attachmentIds.map((attachmentId) => ({ attachmentId })),
    ...(message ? { message } : {}),
  });
  return socket.next((f) => (f.action === 'messageAck' || f.action === 'error') && f.clientMessageId === clientMessageId);
}

describe('attachments', () => {
  let sellerId: string;
  let seller: ChatSocket;
  let visitor: ChatSocket & { session: { session: string; visitorId: string } };
  let chat: FrameWith<'InitChat'>;

  beforeAll(async () => {
    sellerId = uniqueId('seller');
    seller = await connectSeller(sellerId);
    visitor = await connectSessionVisitor();
    chat = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
  });
  afterAll(async () => {
    await Promise.all([visitor.close(), seller.close()]);
  });

  test("a visitor's image goes through the form to the store, reaches the seller's frame and history, and downloads with the same bytes", async () => {
    const issued = await requestUpload(chat.contact_id, visitor.session.session, { name: 'parcel.png', type: 'image/png', size: PNG.length });
    expect(issued.status).toBe(201);
    expect(issued.body.attachmentId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(issued.body.upload.fields['Content-Type']).toBe('image/png');
    expect(await postForm(issued.body.upload, PNG)).toEqual({ status: 204, text: '' });

    const ack = await sendFiles(visitor, chat.contact_id, [issued.body.attachmentId], 'the box arrived crushed');
    expect(ack.action).toBe('messageAck');
    const pushed = asFrame(await seller.next((f) => f.action === 'sendMessage' && f.contact_id === chat.contact_id), 'sendMessage');
    const [file] = pushed.attachments as AttachmentView[];
    expect(file).toEqual({ attachmentId: issued.body.attachmentId, name: 'parcel.png', type: 'image/png', size: PNG.length, url: expect.any(String) });
    // the seed widget shows only `message`: it names the file and its link; `text` is the visitor's own words
    expect(pushed.text).toBe('the box arrived crushed');
    expect(pushed.message).toBe(`the box arrived crushed\n📎 parcel.png: ${file?.url}`);

    const download = await fetch(file?.url as string);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);

    const history = await api<MessagePage>(`/v1/contacts/${chat.contact_id}/messages`, { token: sellerToken(sellerId) });
    expect(history.status).toBe(200);
    const listed = history.body.messages.find((message) => message.seq === pushed.seq) as { attachments?: AttachmentView[] };
    expect(listed.attachments).toEqual([{ attachmentId: issued.body.attachmentId, name: 'parcel.png', type: 'image/png', size: PNG.length, url: expect.any(String) }]);
    const again = await fetch(listed.attachments?.[0]?.url as string);
    expect(Buffer.from(await again.arrayBuffer())).toEqual(PNG);

    const visitorsHistory = await api<MessagePage>(`/v1/contacts/${chat.contact_id}/messages`, { token: visitor.session.session });
    expect(visitorsHistory.body.messages.find((message) => message.seq === pushed.seq)).toMatchObject({ attachments: [{ attachmentId: issued.body.attachmentId }] });
  });

  test('a seller sends a PDF with no text; the visitor gets it', async () => {
    const pdf = Buffer.from('%PDF-1.4 size chart');
    const issued = await requestUpload(chat.contact_id, sellerToken(sellerId), { name: 'size-chart.pdf', type: 'application/pdf', size: pdf.length });
    expect(issued.status).toBe(201);
    expect(await postForm(issued.body.upload, pdf)).toEqual({ status: 204, text: '' });
    expect((await sendFiles(seller, chat.contact_id, [issued.body.attachmentId])).action).toBe('messageAck');
    const pushed = asFrame(await visitor.next((f) => f.action === 'sendMessage' && f.role === 'seller'), 'sendMessage');
    expect(pushed.text).toBe('');
    expect(pushed.message).toMatch(/^📎 size-chart\.pdf: http/);
    expect(Buffer.from(await (await fetch((pushed.attachments as AttachmentView[])[0]?.url as string)).arrayBuffer())).toEqual(pdf);
  });

  test('the store itself refuses a file larger than the form allows, or of another type', async () => {
    const issued = await requestUpload(chat.contact_id, visitor.session.session, { name: 'receipt.jpg', type: 'image/jpeg', size: 100 });
    expect(issued.status).toBe(201);
    const tooLarge = await postForm(issued.body.upload, Buffer.alloc(101, 1));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('<Code>EntityTooLarge</Code>');
    const otherType = await postForm(issued.body.upload, Buffer.alloc(100, 1), { 'Content-Type': 'text/html' });
    expect(otherType.status).toBe(403);
    expect(otherType.text).toContain('Policy Condition failed');
    // another key than the form's: the policy pins it too
    const otherKey = await postForm(issued.body.upload, Buffer.alloc(100, 1), { key: `${issued.body.upload.fields.key}-other` });
    expect(otherKey.status).toBe(403);
    const forged = await postForm(issued.body.upload, Buffer.alloc(100, 1), { Policy: Buffer.from('{"expiration":"2999-01-01T00:00:00Z","conditions":[]}').toString('base64') });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('SignatureDoesNotMatch');
    expect(await postForm(issued.body.upload, Buffer.alloc(100, 1))).toEqual({ status: 204, text: '' });
  });

  test('the API refuses what the bucket would: too big, a type that is not an image or a PDF, a bad name, naming what is wrong', async () => {
    const token = visitor.session.session;
    const tooBig = await requestUpload(chat.contact_id, token, { name: 'huge.png', type: 'image/png', size: 10 * 1024 * 1024 + 1 });
    expect([tooBig.status, tooBig.body.error?.code, tooBig.body.error?.message]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'the file is 10485761 bytes; the limit is 10485760']);
    const wrongType = await requestUpload(chat.contact_id, token, { name: 'page.html', type: 'text/html', size: 10 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toContain('image/jpeg, image/png, image/webp, image/gif, application/pdf');
    const noName = await requestUpload(chat.contact_id, token, { name: ' ', type: 'image/png', size: 10 });
    expect([noName.status, noName.body.error?.message]).toEqual([400, expect.stringContaining('name must not be empty')]);
    const noSize = await requestUpload(chat.contact_id, token, { name: 'a.png', type: 'image/png', size: 0 });
    expect([noSize.status, noSize.body.error?.message]).toEqual([400, expect.stringContaining('size')]);
  });

  test('another visitor and another seller get no form for the chat, and cannot send its files from their own chats', async () => {
    const issued = await requestUpload(chat.contact_id, visitor.session.session, { name: 'mine.png', type: 'image/png', size: PNG.length });
    expect(await postForm(issued.body.upload, PNG)).toEqual({ status: 204, text: '' });

    const stranger = await connectSessionVisitor();
    const otherSellerId = uniqueId('seller');
    const otherSeller = await connectSeller(otherSellerId);
    try {
      const file = { name: 'x.png', type: 'image/png', size: 10 };
      const asStranger = await requestUpload(chat.contact_id, stranger.session.session, file);
      const asOtherSeller = await requestUpload(chat.contact_id, sellerToken(otherSellerId), file);
      expect([asStranger.status, asStranger.body.error?.code]).toEqual([404, 'NOT_FOUND']);
      expect([asOtherSeller.status, asOtherSeller.body.error?.code]).toEqual([404, 'NOT_FOUND']);
      expect((await requestUpload(chat.contact_id, '', file)).status).toBe(401);

      // the stranger's own chat with the other seller: our visitor's file id is refused there
      const strangersChat = await initChat(stranger, otherSellerId);
      const refused = asFrame(await sendFiles(stranger, strangersChat.contact_id, [issued.body.attachmentId]), 'error');
      expect(refused.error.message).toBe(`attachment ${issued.body.attachmentId} was not uploaded by you into this chat`);
      // nor may the other seller send it into its chat, nor the chat's own seller send the visitor's file as its own
      await otherSeller.next('contactAssigned');
      expect(asFrame(await sendFiles(otherSeller, strangersChat.contact_id, [issued.body.attachmentId]), 'error').error.code).toBe('BAD_REQUEST');
      expect(asFrame(await sendFiles(seller, chat.contact_id, [issued.body.attachmentId]), 'error').error.code).toBe('BAD_REQUEST');
      // the other seller's history of the chat is refused, so it never sees a link
      expect((await api(`/v1/contacts/${chat.contact_id}/messages`, { token: sellerToken(otherSellerId) })).status).toBe(404);
    } finally {
      await Promise.all([stranger.close(), otherSeller.close()]);
    }
  });

  test('the store refuses an anonymous read, a link changed to another file, and an expired one', async () => {
    const issued = await requestUpload(chat.contact_id, visitor.session.session, { name: 'proof.png', type: 'image/png', size: PNG.length });
    expect(await postForm(issued.body.upload, PNG)).toEqual({ status: 204, text: '' });
    expect((await sendFiles(visitor, chat.contact_id, [issued.body.attachmentId])).action).toBe('messageAck');
    const pushed = asFrame(
      await seller.next((f) => f.action === 'sendMessage' && (f.attachments as AttachmentView[] | undefined)?.[0]?.attachmentId === issued.body.attachmentId),
      'sendMessage',
    );
    const link = new URL((pushed.attachments as AttachmentView[])[0]?.url as string);
    expect((await fetch(link)).status).toBe(200);

    const anonymous = await fetch(`${link.origin}${link.pathname}`);
    expect(anonymous.status).toBe(403);
    const otherFile = new URL(link);
    otherFile.pathname = otherFile.pathname.replace(issued.body.attachmentId, 'A'.repeat(22));
    expect((await fetch(otherFile)).status).toBe(403);
    const longer = new URL(link);
    longer.searchParams.set('X-Amz-Expires', '7200');
    expect((await fetch(longer)).status).toBe(403);
    const expired = new URL(link);
    expired.searchParams.set('X-Amz-Date', '20200101T000000Z');
    const answer = await fetch(expired);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('Request has expired');
  });

  test('the store refuses a list or a delete that is unsigned or signed with another secret, and takes a well-signed one', async () => {
    const issued = await requestUpload(chat.contact_id, visitor.session.session, { name: 'keep.png', type: 'image/png', size: PNG.length });
    expect(await postForm(issued.body.upload, PNG)).toEqual({ status: 204, text: '' });
    const key = issued.body.upload.fields.key as string;
    const prefix = `chats/${chat.contact_id}/`;
    const endpoint = new URL(issued.body.upload.url).origin;
    const bucket = attachmentsBucket();
    const anonymousList = await fetch(`${endpoint}/${bucket}/?list-type=2&prefix=${encodeURIComponent(prefix)}`);
    expect([anonymousList.status, await anonymousList.text()]).toEqual([403, expect.stringContaining('AccessDenied')]);
    expect((await fetch(`${endpoint}/${bucket}/${key}`, { method: 'DELETE' })).status).toBe(403);
    const forger = localS3('not-the-secret');
    await expect(forger.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(forger.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    // the file is still there, as the well-signed list shows
    expect(await bucketKeys(prefix)).toContain(key);
  });

  test('the store takes many deletes in one folder at once, as a chat delete sends them', async () => {
    const prefix = `chats/${uniqueId('c')}/`;
    const keys = Array.from({ length: 12 }, (_, i) => `${prefix}${i}`);
    await Promise.all(keys.map((key) => localS3().send(new PutObjectCommand({ Bucket: attachmentsBucket(), Key: key, Body: 'x' }))));
    expect(await bucketKeys(prefix)).toHaveLength(keys.length);
    const results = await Promise.allSettled(keys.map((key) => localS3().send(new DeleteObjectCommand({ Bucket: attachmentsBucket(), Key: key }))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await bucketKeys(prefix)).toEqual([]);
  });

  test('deleting the chat removes its files, sent or never sent, their records and its label items; the label finds it no more; a second DELETE is 404', async () => {
    const owner = await connectSessionVisitor();
    try {
      const own = await initChat(owner, sellerId);
      await seller.next((f) => f.action === 'contactAssigned' && f.contact_id === own.contact_id);
      const token = sellerToken(sellerId);
      const sent = await requestUpload(own.contact_id, owner.session.session, { name: 'sent.png', type: 'image/png', size: PNG.length });
      expect(await postForm(sent.body.upload, PNG)).toEqual({ status: 204, text: '' });
      expect((await sendFiles(owner, own.contact_id, [sent.body.attachmentId], 'here it is')).action).toBe('messageAck');
      const unsent = await requestUpload(own.contact_id, token, { name: 'draft.pdf', type: 'application/pdf', size: 4 });
      expect(await postForm(unsent.body.upload, Buffer.from('%PDF'))).toEqual({ status: 204, text: '' });
      const label = `gone ${uniqueId('l')}`;
      expect((await api(`/v1/contacts/${own.contact_id}/labels`, { method: 'PUT', token, body: { labels: [label] } })).status).toBe(200);

      const prefix = `chats/${own.contact_id}/`;
      const ids = [sent.body.attachmentId, unsent.body.attachmentId];
      const record = async (id: string) => (await dynamo().send(new GetCommand({ TableName: tableName('chats'), Key: chatKeys.attachment(id), ConsistentRead: true }))).Item;
      const labelItem = async () =>
        (await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.label(sellerId, label, own.contact_id), ConsistentRead: true }))).Item;
      const labelled = async () => (await api<ContactList>(`/v1/contacts?label=${encodeURIComponent(label)}`, { token })).body.contacts.map((contact) => contact.contact_id);
      expect(await bucketKeys(prefix)).toEqual(ids.map((id) => `${prefix}${id}`).sort());
      expect(await Promise.all(ids.map(record))).toEqual([expect.objectContaining({ contactId: own.contact_id }), expect.objectContaining({ contactId: own.contact_id })]);
      expect(await labelItem()).toMatchObject({ contactId: own.contact_id });
      expect(await labelled()).toEqual([own.contact_id]);

      const deleted = await api(`/v1/contacts/${own.contact_id}`, { method: 'DELETE', token });
      expect(deleted).toMatchObject({ status: 200, body: { contact_id: own.contact_id, deleted: true, messagesDeleted: 1 } });
      expect(await bucketKeys(prefix)).toEqual([]);
      expect(await Promise.all(ids.map(record))).toEqual([undefined, undefined]);
      expect(await labelItem()).toBeUndefined();
      expect(await labelled()).toEqual([]);
      // the chat's other files are untouched: the first chat's are still listed
      expect((await bucketKeys(`chats/${chat.contact_id}/`)).length).toBeGreaterThan(0);
      const again = await api<ErrorBody>(`/v1/contacts/${own.contact_id}`, { method: 'DELETE', token });
      expect([again.status, again.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    } finally {
      await owner.close();
    }
  });

  test('upload forms are rate-limited per visitor (RATE_LIMIT_ATTACHMENTS), with a Retry-After', async () => {
    const eager = await connectSessionVisitor();
    try {
      const own = await initChat(eager, sellerId);
      let refused: Awaited<ReturnType<typeof requestUpload>> | undefined;
      for (let i = 0; i < 15 && !refused; i++) {
        const answer = await requestUpload(own.contact_id, eager.session.session, { name: `${i}.png`, type: 'image/png', size: 10 });
        if (answer.status !== 201) refused = answer;
      }
      expect([refused?.status, refused?.body.error?.code]).toEqual([429, 'RATE_LIMITED']);
      expect(refused?.body.error?.message).toContain('upload forms');
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await eager.close();
    }
  });

  test('a message naming files needs contact_id, at most 5 files, each once', async () => {
    visitor.send({ action: 'sendMessage', to: sellerId, attachments: [{ attachmentId: 'A'.repeat(22) }] });
    expect((await visitor.next('error')).error.message).toBe('attachments: need contact_id, the chat they were uploaded into');
    const six = Array.from({ length: 6 }, (_, i) => `${'A'.repeat(21)}${i}`);
    expect(asFrame(await sendFiles(visitor, chat.contact_id, six), 'error').error.message).toContain('at most 5 attachments');
    expect(asFrame(await sendFiles(visitor, chat.contact_id, ['A'.repeat(22), 'A'.repeat(22)]), 'error').error.message).toBe('each attachment may be sent once per message');
    expect(asFrame(await sendFiles(visitor, chat.contact_id, ['not-an-id']), 'error').error.message).toContain('attachmentId must be an id');
  });
});
