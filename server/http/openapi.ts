import { OpenAPIHono, z } from '@hono/zod-openapi';
import { invalid } from '../errors.ts';
import type { AppEnv } from './env.ts';
import { zodIssuesToFields } from './problem.ts';

/** A router whose request validation failures become 400 problems naming every bad field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const prefix = result.target === 'json' || result.target === 'form' ? '' : result.target;
      const fields = zodIssuesToFields(result.error.issues, prefix);
      throw invalid(`Invalid ${result.target === 'json' ? 'request body' : result.target}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), row: z.number().int().optional() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** The error answers a route can give, for the OpenAPI document. */
export const problems = {
  400: problem('The request is malformed; `errors` names each field'),
  401: problem('Not signed in'),
  403: problem('Signed in but not allowed, or the CSRF token is missing'),
  404: problem('Not found, or not visible to you'),
  409: problem('Conflicts with the current state'),
  422: problem('Well-formed but breaks a rule; `errors` names each field'),
  429: problem('Too many attempts'),
} as const;

export const IdParam = z.object({ id: z.uuid({ message: 'expected a UUID' }).openapi({ param: { name: 'id', in: 'path' } }) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'limit', in: 'query' } }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
