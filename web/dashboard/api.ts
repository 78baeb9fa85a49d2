/** The /v1 history API as the dashboard uses it, with the seller token; a 401 anywhere signs the seller out. */
import { HttpError, requestJson } from '../shared/http';
import type { ConnectTicketAnswer, ContactList, ContactStatus, ContactView, ContactWithMessages, MessagePage, NoteView, SavedReplyList, SavedReplyView } from '../shared/protocol';

/** Where a transfer hands the chat: one seller, or a team's queue. */
export type TransferTarget = { toSellerId: string } | { toTeamId: string };

const PAGE_SIZE = 50;
/** Lists are followed this many pages deep: enough for a working inbox, bounded for the ended tab. */
const MAX_PAGES = 3;

export class DashboardApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly onUnauthorized: (error: HttpError) => void,
  ) {}

  private async call<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
    try {
      return await requestJson<T>(this.baseUrl, path, { ...options, token: this.token });
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) this.onUnauthorized(error);
      throw error;
    }
  }

  /** A single-use ticket for the seller's next socket. */
  connectTicket(): Promise<ConnectTicketAnswer> {
    return this.call<ConnectTicketAnswer>('/v1/connect-tickets', { method: 'POST' });
  }

  /** The first page of one list: how the sign-in form checks a token with the server. */
  probe(): Promise<ContactList> {
    return this.call<ContactList>('/v1/contacts?status=assigned&limit=1');
  }

  async listContacts(status: ContactStatus): Promise<ContactView[]> {
    const contacts: ContactView[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: string = `status=${status}&limit=${PAGE_SIZE}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
      const answer: ContactList = await this.call<ContactList>(`/v1/contacts?${query}`);
      contacts.push(...answer.contacts);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return contacts;
  }

  contact(contactId: string): Promise<ContactWithMessages> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}`);
  }

  messagesAfter(contactId: string, after: number, limit: number): Promise<MessagePage> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}/messages?after=${after}&limit=${limit}`);
  }

  end(contactId: string): Promise<ContactView> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}/end`, { method: 'POST' });
  }

  transfer(contactId: string, to: TransferTarget): Promise<ContactView> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}/transfer`, { method: 'POST', body: to });
  }

  // ---- the seller tools ----

  addNote(contactId: string, text: string): Promise<NoteView> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}/notes`, { method: 'POST', body: { text } });
  }

  setLabels(contactId: string, labels: string[]): Promise<ContactView> {
    return this.call(`/v1/contacts/${encodeURIComponent(contactId)}/labels`, { method: 'PUT', body: { labels } });
  }

  labelled(label: string): Promise<ContactList> {
    return this.call(`/v1/contacts?label=${encodeURIComponent(label)}&limit=100`);
  }

  savedReplies(): Promise<SavedReplyList> {
    return this.call('/v1/saved-replies');
  }

  putSavedReply(id: string, body: { shortcut: string; text: string; teamId?: string }): Promise<SavedReplyView> {
    return this.call(`/v1/saved-replies/${encodeURIComponent(id)}`, { method: 'PUT', body });
  }

  deleteSavedReply(reply: SavedReplyView): Promise<unknown> {
    const team = reply.scope === 'team' ? `?teamId=${encodeURIComponent(reply.owner)}` : '';
    return this.call(`/v1/saved-replies/${encodeURIComponent(reply.id)}${team}`, { method: 'DELETE' });
  }
}

/** A refusal or a network failure as one sentence for the page. */
export function describeError(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  if (error instanceof TypeError) return 'The server cannot be reached.';
  return error instanceof Error ? error.message : String(error);
}
