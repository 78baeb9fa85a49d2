/**
 * Files in a chat, for both pages: what may be attached (checked here first, so a refusal is
 * immediate and says why; the server and the bucket check again), the upload (an upload form from
 * the API, then the file posted straight to the bucket with progress), and a message's files as
 * DOM: images inline, PDFs as links.
 */
import type { AttachmentView } from '../../lib/protocol/outbound';
import type { AttachmentUploadAnswer } from '../../lib/protocol/views';
import { h } from './dom';
import { requestJson } from './http';

export type { AttachmentView };

/** As the server's ATTACHMENT_TYPES; the server refuses anything else anyway. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'];
/** The server's default MAX_ATTACHMENT_BYTES; a server configured lower refuses with its own limit. */
export const MAX_BYTES = 10 * 1024 * 1024;

/** Why this file cannot be attached, or undefined when it can. */
export function refusalOfFile(file: { name: string; type: string; size: number }): string | undefined {
  if (!ACCEPTED_TYPES.includes(file.type)) return `${file.name} cannot be sent: only images (JPEG, PNG, WebP, GIF) and PDFs`;
  if (file.size > MAX_BYTES) return `${file.name} is too big: ${(file.size / 1048576).toFixed(1)} MB, the limit is ${MAX_BYTES / 1048576} MB`;
  if (file.size === 0) return `${file.name} is empty`;
  return undefined;
}

/** The bucket's XML refusal, as a sentence. */
function storeRefusal(status: number, xml: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
  if (code === 'EntityTooLarge') return 'the file is larger than it said';
  return `the store refused the file (${code ?? status})`;
}

/**
 * Uploads `file` into the chat: asks the API for a form, posts the file with it, reporting
 * progress (0 to 1). Resolves with the attachment as a message will carry it (the link: a local
 * one until the server's arrives).
 */
export async function uploadAttachment(apiUrl: string, contactId: string, token: string, file: File, onProgress: (fraction: number) => void): Promise<AttachmentView> {
  const issued = await requestJson<AttachmentUploadAnswer>(apiUrl, `/v1/contacts/${encodeURIComponent(contactId)}/attachments`, {
    method: 'POST',
    token,
    body: { name: file.name || 'file', type: file.type, size: file.size },
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(issued.upload.fields)) form.append(name, value);
  form.append('file', file);
  await new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', issued.upload.url);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => (request.status < 300 ? resolve() : reject(new Error(storeRefusal(request.status, request.responseText))));
    request.onerror = () => reject(new Error('the upload failed: no connection'));
    request.send(form);
  });
  onProgress(1);
  return { attachmentId: issued.attachmentId, name: file.name || 'file', type: file.type, size: file.size, url: URL.createObjectURL(file) };
}

/** A message's files: an image inline (a link to it full size), a PDF as a link with its size. */
export function attachmentList(files: AttachmentView[] | undefined): HTMLElement | null {
  if (!files?.length) return null;
  const list = h('ul', { class: 'files' });
  for (const file of files) {
    const link = h('a', { href: file.url, target: '_blank', rel: 'noopener' });
    if (file.type.startsWith('image/')) link.append(h('img', { src: file.url, alt: file.name, loading: 'lazy' }));
    else link.append(`📄 ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`);
    const item = h('li');
    item.append(link);
    list.append(item);
  }
  return list;
}

/**
 * A paperclip button (with its hidden file input) for a composer, plus paste and drop on `area`:
 * each file goes to `attach`; `status` shows progress and refusals.
 */
export function attachControls(area: HTMLElement, attach: (file: File) => void): HTMLElement {
  const input = h('input', { type: 'file', accept: ACCEPTED_TYPES.join(','), class: 'sr', tabindex: '-1', 'aria-hidden': 'true' }) as HTMLInputElement;
  const button = h('button', { type: 'button', class: 'attach', 'aria-label': 'Attach a file (image or PDF)', title: 'Attach a file' }, '📎');
  button.onclick = () => input.click();
  input.onchange = () => {
    for (const file of Array.from(input.files ?? [])) attach(file);
    input.value = '';
  };
  area.addEventListener('paste', (event) => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) attach(file);
  });
  area.addEventListener('dragover', (event) => event.preventDefault());
  area.addEventListener('drop', (event) => {
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) attach(file);
  });
  const wrapper = h('span', { class: 'attach-wrap' });
  wrapper.append(input, button);
  return wrapper;
}
