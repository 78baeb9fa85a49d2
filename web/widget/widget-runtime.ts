/**
 * The widget's runtime: the visitor's side of one chat, wired. The reducer decides, this runs the
 * effects it asks for (frames, HTTP calls, timers, localStorage) and feeds the outcomes back. The
 * view calls the actions below, subscribes to `onChange` and reads `state`.
 */
import { refusalOf } from '../shared/http';
import { refusalOfFile, uploadAttachment } from '../shared/attachments';
import { randomId } from '../shared/random-id';
import { Timers } from '../shared/timers';
import { reduce } from './chat-reducer';
import { initialState, shownMessages, type Profile, type ShownMessage, type WidgetState } from './chat-state';
import type { WidgetEffect, WidgetEvent, WidgetTimer } from './events';
import { PageReporter, pageContext } from './page-context';
import { WidgetStorage } from './storage';
import { WIDGET_TIMERS } from './timers';
import { WidgetTransport, type WidgetConfig } from './transport';

export class WidgetRuntime {
  private current: WidgetState;
  private readonly storage: WidgetStorage;
  private readonly transport: WidgetTransport;
  private readonly timers: Timers<WidgetTimer, WidgetEvent>;
  private readonly pages: PageReporter;
  private listeners: Array<() => void> = [];
  /** what the composer says about files being attached: progress, or why one was refused */
  uploadStatus = '';

  constructor(private readonly config: WidgetConfig) {
    this.storage = new WidgetStorage(config.sellerId);
    this.current = initialState(config.sellerId, this.storage.chat());
    this.transport = new WidgetTransport(config, this.storage, {
      onUp: () => this.dispatch({ type: 'socketUp' }),
      onDown: () => this.dispatch({ type: 'socketDown' }),
      onFrame: (frame) => this.dispatch({ type: 'frame', frame }),
    });
    this.timers = new Timers(WIDGET_TIMERS, (event) => this.dispatch(event));
    this.pages = new PageReporter(
      () => this.current,
      (frame) => this.transport.send(frame),
    );
  }

  get state(): WidgetState {
    return this.current;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.timers.start('outboxFlush');
    this.dispatch({ type: 'started' });
  }

  setPanelOpen(open: boolean): void {
    this.dispatch({ type: 'panelToggled', open });
  }

  /** Messages in display order: stored ones by seq, then ours that are still on their way. */
  messages(): ShownMessage[] {
    return shownMessages(this.current);
  }

  startChat(profile: Profile): void {
    this.dispatch({ type: 'chatStarted', profile });
  }

  /** After an ended chat: back to the form, profile kept. */
  newChat(): void {
    this.dispatch({ type: 'newChatRequested' });
  }

  leaveEmail(email: string): void {
    this.dispatch({ type: 'emailGiven', email });
  }

  send(text: string): void {
    this.dispatch({ type: 'messageWritten', text, clientMessageId: randomId('w-') });
  }

  /** A file from the paperclip, a paste or a drop: checked, uploaded with progress, then sent as a message of its own. */
  async attach(file: File): Promise<void> {
    const s = this.current;
    const refusal = s.stage !== 'chat' || !s.contactId ? 'Files can be sent once the chat has started.' : refusalOfFile(file);
    if (refusal || !s.contactId) return this.setUploadStatus(refusal ?? '');
    try {
      const token = s.visitorToken ?? (await this.transport.sessionToken());
      if (!token) throw new Error('no connection');
      const sent = await uploadAttachment(this.config.apiUrl, s.contactId, token, file, (fraction) =>
        this.setUploadStatus(`Uploading ${file.name}: ${Math.round(fraction * 100)}%`),
      );
      this.setUploadStatus('');
      this.dispatch({ type: 'messageWritten', text: '', attachments: [sent], clientMessageId: randomId('w-') });
    } catch (error) {
      this.setUploadStatus(`${file.name} was not sent: ${(error as Error).message}`);
    }
  }

  private setUploadStatus(text: string): void {
    this.uploadStatus = text;
    for (const listener of this.listeners) listener();
  }

  /** "Talk to a person": the shop's assistant stops answering this chat. */
  askForHuman(): void {
    this.dispatch({ type: 'humanRequested' });
  }

  /** The visitor's rating of an ended chat; rejects with the server's refusal. */
  async rate(contactId: string, score: number, comment: string): Promise<void> {
    const token = contactId === this.current.contactId ? this.current.visitorToken : undefined;
    await this.transport.rate(contactId, token, { score, ...(comment ? { comment } : {}) });
  }

  /** Called on every keystroke in the composer. */
  typing(): void {
    this.dispatch({ type: 'keystroke' });
  }

  private dispatch(event: WidgetEvent): void {
    const { state, effects } = reduce(this.current, event, Date.now());
    this.current = state;
    for (const effect of effects) this.run(effect);
    for (const listener of this.listeners) listener();
    this.pages.check();
  }

  private run(effect: WidgetEffect): void {
    switch (effect.kind) {
      case 'connect':
        return this.transport.connect();
      case 'send':
        if (effect.frame.action === 'InitChat') {
          // the page the chat starts on goes with it (page-context.ts says what is sent)
          const context = pageContext();
          this.pages.startedOn(context);
          this.transport.send({ ...effect.frame, context });
          return;
        }
        this.transport.send(effect.frame);
        return;
      case 'readReceipt':
        // a hidden page has not been read, even with the panel open
        if (document.visibilityState === 'hidden') return;
        if (this.transport.send({ action: 'read', contact_id: effect.contactId, upToSeq: effect.upToSeq })) {
          this.dispatch({ type: 'readSent', upToSeq: effect.upToSeq });
        }
        return;
      case 'restSend':
        this.transport.sendOverRest(effect.body, effect.token).then(
          (answer) => this.dispatch({ type: 'restSent', clientMessageId: effect.clientMessageId, answer }),
          (error: unknown) => this.dispatch({ type: 'restFailed', clientMessageId: effect.clientMessageId, refusal: refusalOf(error) }),
        );
        return;
      case 'sync':
        void this.sync(effect.contactId, effect.token, effect.afterSeq);
        return;
      case 'save':
        return this.storage.saveChat(effect.chat);
      case 'startTimer':
        return this.timers.start(effect.timer);
      case 'stopTimer':
        return this.timers.stop(effect.timer);
    }
  }

  /** History over HTTP; what arrives after the visitor moved on to another chat is dropped. */
  private async sync(contactId: string, token: string, afterSeq: number): Promise<void> {
    try {
      for await (const page of this.transport.messagePages(contactId, token, afterSeq)) {
        if (contactId !== this.current.contactId) return;
        this.dispatch({ type: 'historyPage', page });
      }
      const contact = await this.transport.contact(contactId, token);
      if (contactId !== this.current.contactId) return;
      this.dispatch({ type: 'contactRead', contact });
    } catch (error) {
      this.dispatch({ type: 'syncFailed', refusal: refusalOf(error) });
    }
  }
}
