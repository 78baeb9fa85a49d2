/**
 * The dashboard's wires to the server: the seller's socket and the history API. Before each upgrade
 * the seller token is traded over HTTP for a single-use ticket, so the token never sits in a URL,
 * and a token the server refuses shows as a 401 there (a refused upgrade is invisible to a page).
 */
import type { HttpError } from '../shared/http';
import type { ClientFrame, ContactStatus, ContactView } from '../shared/protocol';
import { ReconnectingSocket, type SocketEvents } from '../shared/reconnecting-socket';
import { DashboardApi } from './api';
import type { SellerToken } from './seller-token';

export class DashboardTransport {
  readonly api: DashboardApi;
  private readonly socket: ReconnectingSocket;

  /** `onUnauthorized`: the API refused the token, so the seller is signed out. */
  constructor(seller: SellerToken, wsUrl: string, apiUrl: string, events: SocketEvents, onUnauthorized: (error: HttpError) => void) {
    this.api = new DashboardApi(apiUrl, seller.token, onUnauthorized);
    const separator = wsUrl.includes('?') ? '&' : '?';
    // a 401 for the ticket signs the seller out through onUnauthorized
    this.socket = new ReconnectingSocket(async () => `${wsUrl}${separator}ticket=${encodeURIComponent((await this.api.connectTicket()).ticket)}`, events);
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  /** False when the socket is not up: the frame did not go. */
  send(frame: ClientFrame): boolean {
    return this.socket.send(frame);
  }

  /** The three tabs' lists, read side by side. */
  async lists(): Promise<Record<ContactStatus, ContactView[]>> {
    const [queued, assigned, ended] = await Promise.all([this.api.listContacts('queued'), this.api.listContacts('assigned'), this.api.listContacts('ended')]);
    return { queued, assigned, ended };
  }
}
