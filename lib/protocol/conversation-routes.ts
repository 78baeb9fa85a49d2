/**
 * The conversation API's routes: one streaming function serves them all behind one base URL (a
 * Function URL on AWS, STREAM_PORT locally), so it routes them itself, from this list; the
 * OpenAPI check reads the same list.
 */
export const CONVERSATION_ROUTES = {
  start: { method: 'POST', path: '/v1/chat/conversations' },
  ask: { method: 'POST', path: '/v1/chat/conversations/{id}/messages' },
  read: { method: 'GET', path: '/v1/chat/conversations/{id}' },
  remove: { method: 'DELETE', path: '/v1/chat/conversations/{id}' },
} as const;
