/** docs/openapi.yaml and serverless.yml describe the same HTTP routes, and every route says who may call it. */
import { documentedRoutes, openApiDocument, servedRoutes } from '../support/openapi-routes';

describe('docs/openapi.yaml', () => {
  const document = openApiDocument();

  test('is OpenAPI 3', () => {
    expect(document.openapi).toMatch(/^3\.[01]\./);
  });

  test('documents exactly the routes serverless.yml serves', () => {
    expect(documentedRoutes(document).sort()).toEqual(servedRoutes().sort());
  });

  test('every operation states its security and, when it takes a token, its 401', () => {
    for (const route of documentedRoutes(document)) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]?.[method.toLowerCase()] as { security?: unknown[]; responses: Record<string, unknown> };
      expect([route, Array.isArray(operation.security)]).toEqual([route, true]);
      const public_ = operation.security?.length === 0;
      if (!public_) expect([route, Object.keys(operation.responses)]).toEqual([route, expect.arrayContaining(['401'])]);
    }
  });

  test('every operation has an operationId, each one different (client generators name their methods after them)', () => {
    const ids = documentedRoutes(document).map((route) => {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]?.[method.toLowerCase()] as { operationId?: unknown };
      return [route, typeof operation.operationId === 'string' && /^[a-z][A-Za-z0-9]*$/.test(operation.operationId) ? operation.operationId : 'missing'];
    });
    expect(ids.filter(([, id]) => id === 'missing')).toEqual([]);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length);
  });
});
