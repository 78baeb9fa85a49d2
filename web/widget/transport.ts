/**
 * The widget's wires to the server: the visitor's socket (identified by the device id) and the
 * HTTP calls that stand in for it: `POST /sendmessage` and the history API.
 */
import { requestJson } from '../shared/http';
import type { ClientFrame, ContactView, MessagePage, RestSendAnswer, SendMessageRequest } from '../shared/protocol';
import { ReconnectingSocket, type SocketEvents } from '../shared/reconnecting-socket';

export interface WidgetConfig {
  sellerId: string;
  wsUrl: string;
  apiUrl: string;
}

const PAGE_LIMIT = 100;

export class WidgetTransport {
  private readonly socket: ReconnectingSocket;

  constructor(
    private readonly config: WidgetConfig,
    deviceId: string,
    events: SocketEvents,
  ) {
    const separator = config.wsUrl.includes('?') ? '&' : '?';
    this.socket = new ReconnectingSocket(() => `${config.wsUrl}${separator}userId=${encodeURIComponent(deviceId)}`, events);
  }

  /** Opens the socket unless it is already open (or coming back). */
  connect(): void {
    this.socket.start();
  }

  /** False when the socket is not up: the frame did not go. */
  send(frame: ClientFrame): boolean {
    return this.socket.send(frame);
  }

  /** One message over `POST /sendmessage`; `token` is the chat's visitorToken once there is a chat. */
  sendOverRest(body: SendMessageRequest, token: string | undefined): Promise<RestSendAnswer> {
    return requestJson<RestSendAnswer>(this.config.apiUrl, '/sendmessage', { method: 'POST', token, body });
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

  /** The chat's status and read marks. */
  contact(contactId: string, token: string): Promise<ContactView> {
    return requestJson<ContactView>(this.config.apiUrl, contactPath(contactId), { token });
  }
}

function contactPath(contactId: string): string {
  return `/v1/contacts/${encodeURIComponent(contactId)}`;
}
