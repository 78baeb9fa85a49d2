/**
 * The visitor widget, embedded with one tag:
 *   <script src=".../widget.js" data-seller-id="123456" data-ws-url="wss://…" data-api-url="https://…"></script>
 * data-title sets the panel's heading. A shop that knows its logged-in customer adds
 * data-customer-id and data-customer-signature (hex HMAC-SHA256 of the id with the shop's
 * CUSTOMER_SECRETS entry), and the customer's chats follow it across devices. Behaviour is in chat-reducer.ts, wired by widget-runtime.ts; the DOM is view.ts.
 */
import { WidgetRuntime } from './widget-runtime';
import { WidgetView } from './view';

function boot(script: HTMLScriptElement): void {
  const { sellerId, wsUrl, apiUrl, title, customerId, customerSignature } = script.dataset;
  if (!sellerId || !wsUrl || !apiUrl) {
    console.error('seller-chat widget: data-seller-id, data-ws-url and data-api-url are required');
    return;
  }
  const host = document.createElement('div');
  host.id = 'seller-chat-widget';
  document.body.append(host);
  const customer = customerId && customerSignature ? { sellerId, customerId, signature: customerSignature } : undefined;
  const runtime = new WidgetRuntime({ sellerId, wsUrl, apiUrl, customer });
  new WidgetView(host, runtime, title ?? 'Chat with us');
  runtime.start();
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script));
}
