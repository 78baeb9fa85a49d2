/** Every route docs/openapi.yaml documents is routed by the running stack to one of our handlers. */
import { api, type ErrorBody } from '../support/chat-client';
import { documentedRoutes, streamedRoutes } from '../support/openapi-routes';

describe('documented routes on the real stack', () => {
  test.each(documentedRoutes())('%s reaches its handler', async (route) => {
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/\{[^}]+\}/g, 'probe-id');
    // the conversation API has a base URL of its own (the stream server locally, a Function URL on AWS)
    const baseUrl = streamedRoutes().includes(route) ? process.env.CHAT_STREAM_URL : undefined;
    const response = await api<Partial<ErrorBody>>(path, { method, baseUrl, ...(['POST', 'PATCH'].includes(method) ? { rawBody: '{}' } : {}) });
    // our handlers answer JSON with a requestId (errors) or a body of their own; the router's 404/405 do not
    expect([route, response.status]).not.toEqual([route, 404]);
    expect([route, response.status]).not.toEqual([route, 405]);
    expect(typeof response.body).toBe('object');
    if (response.status >= 400) expect(typeof response.body.error?.code).toBe('string');
  });
});
