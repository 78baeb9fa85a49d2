/**
 * The visitor widget, embedded with one tag:
 *   <script src=".../widget.js" data-seller-id="123456" data-ws-url="wss://…" data-api-url="https://…"></script>
 * data-title sets the panel's heading. Behaviour is in chat-reducer.ts, wired by session.ts; the DOM is view.ts.
 */
import { VisitorSession } from './session';
import { WidgetView } from './view';

function boot(script: HTMLScriptElement): void {
  const { sellerId, wsUrl, apiUrl, title } = script.dataset;
  if (!sellerId || !wsUrl || !apiUrl) {
    console.error('seller-chat widget: data-seller-id, data-ws-url and data-api-url are required');
    return;
  }
  const host = document.createElement('div');
  host.id = 'seller-chat-widget';
  document.body.append(host);
  const session = new VisitorSession({ sellerId, wsUrl, apiUrl });
  new WidgetView(host, session, title ?? 'Chat with us');
  session.start();
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script));
}
