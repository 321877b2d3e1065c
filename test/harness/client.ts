import type { App } from '../../server/app.ts';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the app in-process (no port) and behaves like a browser: keeps cookies, sends the CSRF token. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  readonly #app: App;
  #headers: Record<string, string> = {};

  constructor(app: App) {
    this.#app = app;
  }

  withHeaders(headers: Record<string, string>): this {
    this.#headers = { ...this.#headers, ...headers };
    return this;
  }

  async request<T = any>(method: string, path: string, options: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; csrf?: boolean } = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...this.#headers, ...options.headers };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (options.csrf !== false && this.csrfToken && method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await this.#app.request(path, { method, headers, ...(body !== undefined && { body }) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string') this.csrfToken = parsed.csrfToken;
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: { headers?: Record<string, string> }) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, json?: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request<T>('POST', path, { ...options, ...(json !== undefined && { json }) });
  }
  put<T = any>(path: string, json: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request<T>('PUT', path, { ...options, json });
  }
  patch<T = any>(path: string, json: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request<T>('PATCH', path, { ...options, json });
  }
  delete<T = any>(path: string, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request<T>('DELETE', path, options);
  }
}
