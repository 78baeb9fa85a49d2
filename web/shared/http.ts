/** JSON over fetch with a bearer token; a refusal becomes an HttpError carrying the server's code and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request the server answered with an error status. */
export interface HttpRefusal {
  status: number;
  message: string;
}

/** What a failed request tells the reducers: the server's refusal, or null when no answer could be read (the network, or an answer that is not JSON). */
export function refusalOf(error: unknown): HttpRefusal | null {
  return error instanceof HttpError ? { status: error.status, message: error.message } : null;
}

/** `path` of `baseUrl` as JSON, with the bearer token when given; a refusal throws an HttpError. */
export async function requestJson<T>(baseUrl: string, path: string, options: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl.replace(/\/$/, '') + path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new HttpError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}
