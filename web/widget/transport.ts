/**
 * The widget's wires to the server: the visitor's socket and the HTTP calls that stand in for it
 * (`POST /sendmessage` and the history API). The visitor is its server-issued session: before each
 * upgrade it is traded for a single-use ticket, so the URL carries nothing worth stealing.
 */
import { HttpError, requestJson } from '../shared/http';
import type { ClientFrame, ConnectTicketAnswer, ContactView, MessagePage, RatingAnswer, RestSendAnswer, SendMessageRequest } from '../shared/protocol';
import { ReconnectingSocket, type SocketEvents } from '../shared/reconnecting-socket';
import type { WidgetStorage } from './storage';

export interface WidgetConfig {
  sellerId: string;
  wsUrl: string;
  apiUrl: string;
  /** the shop's signed logged-in customer, when it has one */
  customer?: { sellerId: string; customerId: string; signature: string };
}

const PAGE_LIMIT = 100;

export class WidgetTransport {
  private readonly socket: ReconnectingSocket;

  constructor(
    private readonly config: WidgetConfig,
    private readonly storage: WidgetStorage,
    events: SocketEvents,
  ) {
    const separator = config.wsUrl.includes('?') ? '&' : '?';
    this.socket = new ReconnectingSocket(async () => `${config.wsUrl}${separator}ticket=${encodeURIComponent(await this.ticket())}`, events);
  }

  /** A ticket for the next upgrade, bought with the saved session (a new visitor's when there is none or it was refused). */
  private async ticket(): Promise<string> {
    // a signed customer is its signature on every device; the session it is issued is kept for REST
    const saved = this.config.customer ? undefined : this.storage.visitorSession();
    let answer: ConnectTicketAnswer;
    try {
      answer = await this.buyTicket(saved?.token);
    } catch (error) {
      if (!(saved && error instanceof HttpError && error.status === 401)) throw error;
      // expired, or signed with a secret the server no longer has: start over as a new visitor
      answer = await this.buyTicket(undefined);
    }
    if (answer.visitorSession) this.storage.saveVisitorSession({ visitorId: answer.userId, token: answer.visitorSession });
    return answer.ticket;
  }

  private buyTicket(session: string | undefined): Promise<ConnectTicketAnswer> {
    const body = !session && this.config.customer ? { customer: this.config.customer } : undefined;
    return requestJson<ConnectTicketAnswer>(this.config.apiUrl, '/v1/connect-tickets', { method: 'POST', token: session, body });
  }

  /** The visitor session, getting one first if this browser has none yet. */
  async sessionToken(): Promise<string | undefined> {
    if (!this.storage.visitorSession()) await this.ticket();
    return this.storage.visitorSession()?.token;
  }

  /** Opens the socket unless it is already open (or coming back). */
  connect(): void {
    this.socket.start();
  }

  /** False when the socket is not up: the frame did not go. */
  send(frame: ClientFrame): boolean {
    return this.socket.send(frame);
  }

  /** One message over `POST /sendmessage`: with the chat's visitorToken once there is a chat, else with the visitor session. */
  async sendOverRest(body: SendMessageRequest, token: string | undefined): Promise<RestSendAnswer> {
    return requestJson<RestSendAnswer>(this.config.apiUrl, '/sendmessage', { method: 'POST', token: token ?? (await this.sessionToken()), body });
  }

  /** The chat's messages after seq `after`, page by page until the last. */
  async *messagePages(contactId: string, token: string, after: number): AsyncGenerator<MessagePage> {
    let next: number | null = after;
    while (next !== null) {
      const page: MessagePage = await requestJson<MessagePage>(this.config.apiUrl, `${contactPath(contactId)}/messages?after=${next}&limit=${PAGE_LIMIT}`, { token });
      yield page;
      next = page.nextAfter;
    }
  }

  /** POST /v1/contacts/{id}/rating with the chat's visitorToken, or the visitor session. */
  async rate(contactId: string, token: string | undefined, body: { score: number; comment?: string }): Promise<RatingAnswer> {
    return requestJson<RatingAnswer>(this.config.apiUrl, `${contactPath(contactId)}/rating`, { method: 'POST', token: token ?? (await this.sessionToken()), body });
  }

  /** The chat's status and read marks. */
  contact(contactId: string, token: string): Promise<ContactView> {
    return requestJson<ContactView>(this.config.apiUrl, contactPath(contactId), { token });
  }
}

function contactPath(contactId: string): string {
  return `/v1/contacts/${encodeURIComponent(contactId)}`;
}
