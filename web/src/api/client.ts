/** A problem answer of the API (RFC 9457), thrown by every call that does not succeed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.problem = problem;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
  row?: number;
}

export interface ProblemBody {
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

let csrfToken: string | undefined;

/** Remembers the sign-in's CSRF token; every write sends it back (see server/http/middleware.ts). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Body = { json: unknown } | { csv: string } | undefined;

async function call<T>(method: string, path: string, body?: Body): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: string | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body && 'csv' in body) {
    headers['content-type'] = 'text/csv';
    payload = body.csv;
  }
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(payload !== undefined && { body: payload }) });
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = typeof parsed === 'object' && parsed ? (parsed as ProblemBody) : { title: 'Error', status: response.status, detail: String(parsed), code: 'internal' };
    throw new ApiError(response.status, problem);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, json?: unknown) => call<T>('POST', path, json === undefined ? undefined : { json }),
  put: <T>(path: string, json: unknown) => call<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown) => call<T>('PATCH', path, { json }),
  delete: (path: string) => call<void>('DELETE', path),
  postCsv: <T>(path: string, csv: string) => call<T>('POST', path, { csv }),
};

/** Builds a query string from defined values only. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
