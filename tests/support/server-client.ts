// A tiny HTTP client for server tests: real fetch against the real server.
export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers?: Headers;
}

export async function call<T = unknown>(base: string, method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}
