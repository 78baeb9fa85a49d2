/**
 * X-Ray, on: stands in for lib/platform/xray.ts when TRACING=true at package time (serverless.yml,
 * custom.esbuild.alias), the deploy that also turns on Lambda's active tracing. Each AWS client's
 * requests become subsegments, and each invocation's work one subsegment named and annotated by
 * its route. Only the route: ids of visitors, sellers and connections stay out of the traces.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

// created with the container; outside Lambda (serverless-offline, tests) Powertools turns itself off
const tracer = new Tracer({ serviceName: 'seller-chat' });

export function captureClient<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

export async function withSubsegment<T>(route: string, run: () => Promise<T>): Promise<T> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return run();
  const subsegment = parent.addNewSubsegment(`## ${route}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.putAnnotation('route', route);
  try {
    return await run();
  } catch (error) {
    // a flag, not the error: messages may name a visitor or a seller
    subsegment.addFaultFlag();
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(parent);
  }
}

// the same exports as the module it replaces (checked by tsc)
({ captureClient, withSubsegment }) satisfies typeof import('./xray');
