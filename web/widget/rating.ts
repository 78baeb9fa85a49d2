/**
 * The satisfaction rating the widget asks for when a chat ends: 1 to 5 and an optional comment,
 * once per chat (POST /v1/contacts/{id}/rating). A chat rated here, or one the server says was
 * rated already, is remembered in localStorage so the form is not shown for it again.
 */
import { h } from '../shared/dom';
import { HttpError } from '../shared/http';
import type { WidgetState } from './chat-state';

export const RATING_CSS = `
.rating{padding:10px 14px;border-top:1px solid #e1e5ef}
.rating fieldset{border:0;margin:0;padding:0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.rating legend{font-weight:600;margin-bottom:6px}
.rating label.score{display:inline-flex;flex-direction:row;align-items:center;gap:3px;font-weight:400}
.rating textarea{width:100%;box-sizing:border-box;margin:6px 0}
.rating .done{margin:0;color:#1f5f2a}
.rating .error{margin:4px 0;color:#b3261e}
.rating[hidden],.rating [hidden]{display:none}
`;

const ratedKey = (contactId: string) => `seller-chat:rated:${contactId}`;

function remembered(contactId: string): boolean {
  try {
    return localStorage.getItem(ratedKey(contactId)) !== null;
  } catch {
    return false;
  }
}

function remember(contactId: string): void {
  try {
    localStorage.setItem(ratedKey(contactId), '1');
  } catch {
    // storage refused (private mode): the server still refuses a second rating
  }
}

export class RatingForm {
  readonly element = h('form', { class: 'rating', 'aria-label': 'Rate this chat', hidden: '' });
  private readonly error = h('p', { class: 'error', role: 'alert' });
  private readonly done = h('p', { class: 'done', role: 'status' });
  private readonly comment = h('textarea', { name: 'rating-comment', rows: '2', maxlength: '1000' });
  private contactId: string | undefined;
  private sending = false;

  constructor(private readonly rate: (contactId: string, score: number, comment: string) => Promise<void>) {
    const scores = h('fieldset', {}, h('legend', {}, 'How was this chat?'));
    for (let score = 1; score <= 5; score++) {
      const words = score === 1 ? ' (bad)' : score === 5 ? ' (very good)' : '';
      scores.append(h('label', { class: 'score' }, h('input', { type: 'radio', name: 'rating-score', value: score, required: score === 1 }), `${score}${words}`));
    }
    this.element.append(scores, h('label', {}, 'Comment (optional)', this.comment), this.error, h('button', { type: 'submit', class: 'primary' }, 'Send rating'), this.done);
    this.element.onsubmit = (event) => {
      event.preventDefault();
      void this.submit();
    };
  }

  private async submit(): Promise<void> {
    const contactId = this.contactId;
    const picked = this.element.querySelector<HTMLInputElement>('input[name=rating-score]:checked');
    if (!contactId || !picked || this.sending) return;
    this.sending = true;
    this.error.textContent = '';
    try {
      await this.rate(contactId, Number(picked.value), this.comment.value.trim());
      this.thank(contactId);
    } catch (error) {
      // rated already (another tab): nothing more to ask
      if (error instanceof HttpError && error.status === 400 && /rated already/.test(error.message)) this.thank(contactId);
      else this.error.textContent = error instanceof HttpError ? `Not sent: ${error.message}` : 'Not sent: the server cannot be reached.';
    } finally {
      this.sending = false;
    }
  }

  private thank(contactId: string): void {
    remember(contactId);
    this.show(true);
    this.done.textContent = 'Thank you for your rating.';
  }

  /** `thanked`: only the thanks shows; otherwise the form without it. */
  private show(thanked: boolean): void {
    for (const child of Array.from(this.element.children)) (child as HTMLElement).hidden = thanked !== (child === this.done);
  }

  /** Shown once a chat ended that this browser has not rated; kept (with its thanks) until a new chat starts. */
  render(state: WidgetState): void {
    const contactId = state.stage === 'ended' ? state.contactId : undefined;
    if (contactId === this.contactId) return;
    this.contactId = contactId;
    this.element.reset();
    this.error.textContent = '';
    this.show(false);
    this.element.hidden = !contactId || remembered(contactId);
  }
}
