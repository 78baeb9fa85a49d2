/**
 * X-Ray, off: the module every bundle holds unless TRACING=true at package time, when serverless.yml's
 * esbuild alias for `#xray` puts lib/platform/xray-powertools.ts in its place. Doing nothing here
 * keeps the tracer and the X-Ray SDK out of the default bundles and their cold starts.
 */

/** The client itself: nothing records its requests. */
export function captureClient<T>(client: T): T {
  return client;
}

/** Runs the invocation's work as it is. */
export function withSubsegment<T>(_route: string, run: () => Promise<T>): Promise<T> {
  return run();
}
