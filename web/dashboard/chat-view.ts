/** The open chat: header with End and Transfer, messages with load-earlier, typing, read receipt, reply box; and the notice. */
import { byId, fill, h, reconcile } from '../shared/dom';
import { formatTime } from '../shared/format';
import { sourceList } from '../shared/sources';
import { attachControls, attachmentList } from '../shared/attachments';
import type { TransferTarget } from './api';
import { canReply, openChatSummary, type ChatMessage, type ChatSummary, type DashboardState, type PendingReply, type Suggestion } from './state';
import type { NoteView } from '../shared/protocol';

export interface ChatActions {
  loadEarlier(): void;
  send(text: string): boolean;
  /** a file from the paperclip, a paste or a drop into the reply box */
  attach(file: File): void;
  typing(): void;
  end(): void;
  transfer(to: TransferTarget): Promise<boolean>;
  retry(clientMessageId: string): void;
  suggest(): void;
  dismissNotice(): void;
}

const NEAR_BOTTOM_PX = 80;

export class ChatView {
  private readonly root = byId('open-chat');
  private readonly placeholder = byId('open-chat-empty');
  private readonly title = byId('open-chat-title');
  private readonly detail = byId('open-chat-detail');
  private readonly transferToggle = byId<HTMLButtonElement>('transfer-toggle');
  private readonly endButton = byId<HTMLButtonElement>('end-chat');
  private readonly transferForm = byId<HTMLFormElement>('transfer-form');
  private readonly transferKind = byId<HTMLSelectElement>('transfer-kind');
  private readonly transferTarget = byId<HTMLInputElement>('transfer-target');
  private readonly box = byId('messages');
  private readonly loadEarlierButton = byId<HTMLButtonElement>('load-earlier');
  private readonly loading = byId('open-chat-loading');
  private readonly list = byId<HTMLOListElement>('message-list');
  private readonly typing = byId('typing');
  private readonly hint = byId('reply-hint');
  private readonly replyForm = byId<HTMLFormElement>('reply-form');
  private readonly reply = byId<HTMLTextAreaElement>('reply');
  private readonly suggestButton = byId<HTMLButtonElement>('suggest-reply');
  /** the draft last put in the reply box, so each delta of it replaces only itself */
  private shownSuggestion: { serial: number; text: string } | undefined;
  private readonly notice = byId('notice');
  private readonly noticeText = byId('notice-text');
  private readonly uploadStatus = h('p', { class: 'upload', role: 'status' });
  private shownContactId: string | undefined;

  constructor(
    private readonly actions: ChatActions,
    signal: AbortSignal,
  ) {
    const on = <K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, listener: (event: HTMLElementEventMap[K]) => void) =>
      target.addEventListener(type, listener, { signal });
    on(this.replyForm, 'submit', (event) => {
      event.preventDefault();
      this.submitReply();
    });
    on(this.reply, 'keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing) {
        event.preventDefault();
        this.submitReply();
      }
    });
    this.replyForm.insertBefore(
      attachControls(this.replyForm, (file) => this.actions.attach(file)),
      this.reply.nextSibling,
    );
    this.replyForm.before(this.uploadStatus);
    on(this.reply, 'input', () => {
      if (this.reply.value.trim()) this.actions.typing();
    });
    on(this.loadEarlierButton, 'click', () => this.actions.loadEarlier());
    on(this.suggestButton, 'click', () => this.actions.suggest());
    on(this.endButton, 'click', () => this.actions.end());
    on(this.transferToggle, 'click', () => this.showTransfer(this.transferForm.hidden));
    on(byId('transfer-cancel'), 'click', () => this.showTransfer(false));
    on(this.transferForm, 'keydown', (event) => {
      if (event.key === 'Escape') this.showTransfer(false);
    });
    on(this.transferForm, 'submit', (event) => {
      event.preventDefault();
      void this.submitTransfer();
    });
    on(byId('notice-close'), 'click', () => this.actions.dismissNotice());
    on(this.list, 'click', (event) => {
      const retry = (event.target as HTMLElement).closest<HTMLElement>('[data-retry]');
      if (retry?.dataset.retry) this.actions.retry(retry.dataset.retry);
    });
  }

  private submitReply(): void {
    const text = this.reply.value.trim();
    if (!text || this.reply.disabled) return;
    if (this.actions.send(text)) this.reply.value = '';
  }

  private showTransfer(show: boolean): void {
    this.transferForm.hidden = !show;
    this.transferToggle.setAttribute('aria-expanded', String(show));
    if (show) this.transferTarget.focus();
    else if (this.transferForm.contains(document.activeElement)) this.transferToggle.focus();
  }

  private async submitTransfer(): Promise<void> {
    const target = this.transferTarget.value.trim();
    if (!target) {
      this.transferTarget.focus();
      return;
    }
    const to = this.transferKind.value === 'team' ? { toTeamId: target } : { toSellerId: target };
    if (await this.actions.transfer(to)) {
      this.transferTarget.value = '';
      this.showTransfer(false);
    }
  }

  render(state: DashboardState): void {
    this.notice.hidden = !state.notice;
    if (this.noticeText.textContent !== state.notice) this.noticeText.textContent = state.notice;

    const open = state.openChat;
    const chat = openChatSummary(state);
    this.root.hidden = !open || !chat;
    this.placeholder.hidden = !this.root.hidden;
    const placeholder = open ? (open.loadError ?? 'Loading…') : 'Select a chat to read it and reply.';
    if (this.placeholder.textContent !== placeholder) this.placeholder.textContent = placeholder;
    if (!open || !chat) {
      this.shownContactId = undefined;
      return;
    }
    const switched = this.shownContactId !== open.contactId;
    if (switched) {
      this.shownContactId = open.contactId;
      this.showTransfer(false);
      this.reply.value = '';
      this.shownSuggestion = undefined;
    }

    const mine = canReply(state, chat);
    this.title.textContent = chat.visitorName;
    this.detail.textContent = this.describe(chat, state.sellerId);
    this.transferToggle.hidden = !mine;
    this.endButton.hidden = !(mine || chat.status === 'queued');
    if (!mine && !this.transferForm.hidden) this.showTransfer(false);

    this.loading.hidden = open.loaded;
    this.loading.textContent = open.loadError ?? 'Loading…';
    this.loadEarlierButton.hidden = !open.loaded || !open.hasEarlier;
    this.loadEarlierButton.disabled = open.loadingEarlier;
    this.renderMessages(state, chat, switched);

    this.typing.hidden = !open.visitorTyping || !mine;
    this.reply.disabled = !mine;
    this.replyForm.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = !mine;
    this.showSuggestion(open.suggestion, mine);
    const hint = this.replyHint(chat, mine);
    this.hint.hidden = !hint;
    this.hint.textContent = hint;
  }

  /** "Suggest a reply": the draft fills the reply box as it streams, for the seller to edit and send; nothing is sent by itself. */
  private showSuggestion(suggestion: Suggestion | undefined, mine: boolean): void {
    const writing = suggestion !== undefined && !suggestion.done;
    this.suggestButton.hidden = !mine;
    this.suggestButton.disabled = writing;
    this.suggestButton.textContent = writing ? 'Suggesting…' : 'Suggest a reply';
    if (!suggestion || !mine) return;
    const shown = this.shownSuggestion;
    if (shown?.serial === suggestion.serial && shown.text === suggestion.text) return;
    // a new draft replaces what is in the box; a draft under way only while the seller has not edited it
    if (shown?.serial === suggestion.serial && this.reply.value !== shown.text) return;
    if (!suggestion.text && !suggestion.done) return;
    this.reply.value = suggestion.text;
    this.shownSuggestion = { serial: suggestion.serial, text: suggestion.text };
    if (suggestion.done) this.reply.focus();
  }

  private describe(chat: ChatSummary, sellerId: string): string {
    const parts = [chat.visitorName === chat.visitorId ? '' : chat.visitorId, chat.visitorEmail];
    if (chat.status === 'queued') parts.push(`waiting in queue ${chat.queueKey ?? chat.target}`);
    else if (chat.status === 'ended') parts.push(`ended${chat.endedBy ? ` by the ${chat.endedBy}` : ''}`);
    else if (chat.status === 'assigned') parts.push(chat.target && chat.target !== sellerId ? `assigned to you via ${chat.target}` : 'assigned to you');
    if (chat.note) parts.push(chat.note);
    return parts.filter(Boolean).join(' · ');
  }

  private replyHint(chat: ChatSummary, mine: boolean): string {
    if (mine) return '';
    if (chat.status === 'queued') return 'This chat waits in the queue: it goes to the next seller who is online and has room.';
    if (chat.status === 'ended') return 'This chat has ended.';
    return chat.note || 'This chat is no longer yours.';
  }

  private renderMessages(state: DashboardState, chat: ChatSummary, switched: boolean): void {
    const open = state.openChat!;
    const box = this.box;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
    const before = { first: (this.list.firstElementChild as HTMLElement | null)?.dataset.key, height: box.scrollHeight };

    const messages = Array.from(open.messages.values()).sort((a, b) => a.seq - b.seq);
    const pending = Array.from(state.pending.values()).filter((reply) => reply.contactId === open.contactId);
    // "Read" goes under the seller's last message that the visitor's read mark covers
    let readSeq = 0;
    for (const message of messages) if (message.role === 'seller' && message.seq <= chat.visitorRead) readSeq = message.seq;
    const bySeq = new Map(messages.map((message) => [`s${message.seq}`, message]));
    const byClientId = new Map(pending.map((reply) => [`p${reply.clientMessageId}`, reply]));
    // private notes sit after the message of their afterSeq, in the order written
    const byNote = new Map(Array.from(open.notes?.values() ?? [], (note) => [`n${note.id}`, note]));
    const placed = [...messages.map((m) => ({ key: `s${m.seq}`, at: m.seq, t: '' })), ...[...byNote].map(([key, note]) => ({ key, at: note.afterSeq + 0.5, t: note.timestamp }))];
    placed.sort((a, b) => a.at - b.at || a.t.localeCompare(b.t));
    const keys = [...placed.map((item) => item.key), ...byClientId.keys()];
    let lastMine = false;
    reconcile(
      this.list,
      keys,
      () => h('li'),
      (element, key) => {
        const message = bySeq.get(key);
        const note = byNote.get(key);
        if (note) this.updateNote(element, note);
        else if (message) this.updateMessage(element, message, message.seq === readSeq);
        else this.updatePending(element, byClientId.get(key) as PendingReply);
      },
    );
    const lastKey = keys[keys.length - 1];
    if (lastKey) lastMine = lastKey.startsWith('p') || bySeq.get(lastKey)?.role === 'seller';

    const first = (this.list.firstElementChild as HTMLElement | null)?.dataset.key;
    if (switched) box.scrollTop = box.scrollHeight;
    else if (before.first !== undefined && first !== before.first && !atBottom) box.scrollTop += box.scrollHeight - before.height;
    else if (atBottom || lastMine) box.scrollTop = box.scrollHeight;
  }

  private updateMessage(element: HTMLElement, message: ChatMessage, read: boolean): void {
    const deleted = message.text === undefined;
    const signature = `${deleted}|${read}`;
    if (element.dataset.signature === signature) return;
    element.dataset.signature = signature;
    element.className = `msg ${message.role}`;
    element.dataset.seq = String(message.seq);
    const assistant = message.role === 'assistant';
    fill(
      element,
      // the shop's assistant answered while the chat waited: said so, with its sources
      assistant ? h('span', { class: 'who' }, 'Assistant') : null,
      deleted || message.text || !message.attachments ? h('p', { class: deleted ? 'text deleted' : 'text' }, message.text ?? 'Message deleted') : null,
      deleted ? null : attachmentList(message.attachments),
      assistant && !deleted ? sourceList(message.citations) : null,
      h('div', { class: 'meta' }, h('time', { datetime: message.timestamp }, formatTime(message.timestamp))),
      read ? h('div', { class: 'receipt' }, 'Read') : null,
    );
  }

  private updateNote(element: HTMLElement, note: NoteView): void {
    if (element.dataset.signature === note.id) return;
    element.dataset.signature = note.id;
    element.className = 'msg private-note';
    const who = note.kind === 'transfer' ? `Transfer note from ${note.from}` : note.authorRole === 'system' ? `Note (${note.from})` : `Private note from ${note.from}`;
    fill(
      element,
      h('span', { class: 'who' }, `${who} · only sellers see this`),
      h('p', { class: 'text' }, note.text),
      h('div', { class: 'meta' }, h('time', { datetime: note.timestamp }, formatTime(note.timestamp))),
    );
  }

  /** Progress of a file being attached, or why it was refused; empty hides it. */
  showUpload(text: string): void {
    this.uploadStatus.textContent = text;
  }

  private updatePending(element: HTMLElement, reply: PendingReply): void {
    const signature = `${reply.state}|${reply.error ?? ''}`;
    if (element.dataset.signature === signature) return;
    element.dataset.signature = signature;
    element.className = `msg seller ${reply.state === 'failed' ? 'failed' : 'pending'}`;
    element.dataset.clientMessageId = reply.clientMessageId;
    const status = reply.state === 'failed' ? `Not sent: ${reply.error ?? 'refused'}` : reply.state === 'waiting' ? 'Waiting for the connection…' : 'Sending…';
    fill(
      element,
      reply.text ? h('p', { class: 'text' }, reply.text) : null,
      attachmentList(reply.attachments),
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'state' }, status),
        reply.state === 'failed' ? h('button', { type: 'button', 'data-retry': reply.clientMessageId }, 'Retry') : null,
      ),
    );
  }
}
