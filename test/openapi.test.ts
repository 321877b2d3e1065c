import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';

type Operation = { summary?: string; tags?: string[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
type Document = { openapi: string; info: { title: string }; servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let ctx: TestContext;
let document: Document;
beforeAll(async () => {
  ctx = await createTestContext();
  const response = await ctx.client().get('/api/openapi.json');
  expect(response.status).toBe(200);
  document = response.body as Document;
});
afterAll(() => ctx.close());

const operations = () => Object.entries(document.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })));

/** The API routes the running app actually answers, in OpenAPI's spelling (`/cohorts/{id}`). */
function servedRoutes(): string[] {
  const served = ctx.app.routes
    .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/') && !['/api/openapi.json', '/api/docs'].includes(route.path))
    .map((route) => `${route.method} ${route.path.slice('/api'.length).replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(served)].sort();
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 for the API under /api, with the auth and programmes paths', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('livecohort API');
    expect(document.servers).toEqual([{ url: '/api' }]);
    for (const key of ['POST /auth/sign-in', 'POST /auth/sign-out', 'GET /auth/session', 'GET /programmes', 'POST /programmes', 'GET /programmes/{id}', 'PATCH /programmes/{id}']) {
      expect(operations().map((o) => o.key), key).toContain(key);
    }
  });

  it('documents exactly the API routes the app serves, no more and no fewer', () => {
    const documented = operations().map((o) => o.key).sort();
    expect(servedRoutes().length).toBeGreaterThan(10);
    expect(documented).toEqual(servedRoutes());
  });

  it('gives every operation a summary, a tag and a success answer, and every error answer the Problem shape', () => {
    expect(document.components.schemas['Problem']).toBeDefined();
    for (const { key, operation } of operations()) {
      expect(operation.summary, key).toBeTruthy();
      expect(operation.tags?.length, key).toBeGreaterThan(0);
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => status.startsWith('2')), key).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(operation.responses[status]!.content?.['application/problem+json']?.schema?.$ref, `${key} ${status}`).toBe('#/components/schemas/Problem');
      }
    }
  });

  it('describes request bodies with their schemas', () => {
    const createProgramme = document.paths['/programmes']!['post'] as Operation & { requestBody?: { content: Record<string, { schema: unknown }> } };
    expect(createProgramme.requestBody?.content['application/json']?.schema).toBeDefined();
  });
});

describe('the API reference', () => {
  it('is an HTML page at /api/docs that loads the document', async () => {
    const response = await ctx.client().get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('/api/openapi.json');
  });
});
