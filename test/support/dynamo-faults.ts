/** Arms the stack's fault proxy (test/support/fault-proxy.ts) from a test: the next matching requests fail. */
import type { FaultRule } from './fault-proxy';

/** Fails the next `rule.times` requests of `rule.operation` on `rule.table`; resolves with the proxy's count of failed requests so far. */
export async function failDynamo(rule?: FaultRule): Promise<number> {
  const url = process.env.CHAT_CONTROL_URL;
  if (!url) throw new Error('CHAT_CONTROL_URL is not set: run this under the integration setup');
  const response = await fetch(`${url}/dynamo-faults`, { method: 'POST', body: rule ? JSON.stringify(rule) : '' });
  if (response.status !== 200) throw new Error(`arming the fault proxy failed: ${response.status}`);
  return ((await response.json()) as { failed: number }).failed;
}
