/**
 * The dashboard's wires to the server: the seller's socket (its token in the URL) and the history
 * API. A socket that keeps failing has the API check the token, since a refused upgrade looks like
 * any network failure to a page.
 */
import type { HttpError } from '../shared/http';
import type { ClientFrame, ContactStatus, ContactView } from '../shared/protocol';
import { ReconnectingSocket, type SocketEvents } from '../shared/reconnecting-socket';
import { DashboardApi } from './api';
import type { SellerSession } from './session';

/** Failed socket attempts before the token is checked over HTTP (a 401 upgrade is invisible to a page). */
const ATTEMPTS_BEFORE_TOKEN_CHECK = 3;

export class DashboardTransport {
  readonly api: DashboardApi;
  private readonly socket: ReconnectingSocket;
  private attemptsSinceUp = 0;

  /** `onUnauthorized`: the API refused the token, so the session is over. */
  constructor(session: SellerSession, wsUrl: string, apiUrl: string, events: SocketEvents, onUnauthorized: (error: HttpError) => void) {
    this.api = new DashboardApi(apiUrl, session.token, onUnauthorized);
    const query = new URLSearchParams({ userId: session.sellerId, role: 'seller', token: session.token });
    const url = `${wsUrl}${wsUrl.includes('?') ? '&' : '?'}${query.toString()}`;
    this.socket = new ReconnectingSocket(
      () => {
        // the 401 a probe meets signs the session out through onUnauthorized; other failures say nothing here
        if (++this.attemptsSinceUp === ATTEMPTS_BEFORE_TOKEN_CHECK) void this.api.probe().catch(() => undefined);
        return url;
      },
      {
        ...events,
        onUp: (connected) => {
          this.attemptsSinceUp = 0;
          events.onUp(connected);
        },
      },
    );
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
