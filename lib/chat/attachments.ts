/**
 * Attachments: a party of an open chat asks for an upload form for one file (name, type, size);
 * its record is written first, then the form is signed. The browser posts the file straight to the
 * bucket; the form's policy holds the exact size, the type and the key, so the store refuses any
 * other file. A message then names the attachment by id (lib/chat/send-message.ts).
 */
import type { Caller } from '../access/callers';
import { visibleChat } from './visibility';
import { badRequest, payloadTooLarge } from '../platform/errors';
import type { CreateAttachmentBody } from '../protocol/inbound';
import type { AttachmentUploadAnswer } from '../protocol/views';
import type { AttachmentStore } from '../store/attachment-store';
import { attachmentObjectKey, newAttachmentId } from '../store/keys';
import type { ChatReader } from './chat-reader';

/** Signs a POST form for exactly this object: its key, content type and size. */
export type UploadSigner = (upload: { key: string; type: string; size: number; expiresIn: number }) => Promise<{ url: string; fields: Record<string, string> }>;

export interface AttachmentDeps {
  contacts: ChatReader;
  attachments: Pick<AttachmentStore, 'put'>;
  signUpload: UploadSigner;
  limits: { maxBytes: number; uploadSeconds: number };
}

/** A name that is safe in a header, a link text and a file system: no control characters, no path. */
export function cleanFileName(name: string): string {
  const cleaned = [...name]
    .filter((character) => character.charCodeAt(0) > 0x1f && character !== '\u007f')
    .join('')
    .replace(/[\\/]/g, '_')
    .trim();
  if (!cleaned) throw badRequest('name must not be empty');
  return cleaned;
}

/** POST /v1/contacts/{id}/attachments: the visitor of an open chat, or its seller (a queue's seller too, as for every route that sees the chat). */
export async function createAttachment(deps: AttachmentDeps, caller: Caller, contactId: string, body: CreateAttachmentBody): Promise<AttachmentUploadAnswer> {
  if (body.size > deps.limits.maxBytes) throw payloadTooLarge(`the file is ${body.size} bytes; the limit is ${deps.limits.maxBytes}`);
  const contact = await visibleChat(deps.contacts, caller, contactId);
  if (contact.status === 'ended') throw badRequest('this chat has ended; files go into an open chat');
  // a sent message must come from a party: a queue's seller may upload, but sends only once the chat is theirs
  const attachmentId = newAttachmentId();
  const expiresIn = deps.limits.uploadSeconds;
  await deps.attachments.put({
    attachmentId,
    contactId,
    uploaderRole: caller.role,
    uploaderId: caller.role === 'visitor' ? caller.deviceId : caller.sellerId,
    name: cleanFileName(body.name),
    type: body.type,
    size: body.size,
    createdAt: new Date().toISOString(),
  });
  const upload = await deps.signUpload({ key: attachmentObjectKey(contactId, attachmentId), type: body.type, size: body.size, expiresIn });
  return { attachmentId, upload, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}
