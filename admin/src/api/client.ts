import type { ErrorBody } from '@ygt/shared';

/** The one HTTP client of the console: same-origin /api/v1, staff token, typed errors. */

const API_BASE = '/api/v1';
const TOKEN_KEY = 'ygt.staff.token';

/** Fired on window when the API rejects the stored token, so the session can end everywhere. */
export const SESSION_EXPIRED_EVENT = 'ygt:session-expired';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls `method path` under /api/v1 and returns the parsed JSON body, or throws ApiError. */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const token = getToken();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(API_BASE + path + queryString(options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }

  const body = await readJson(response);
  if (response.ok) {
    if (body === undefined) throw new ApiError(response.status, 'BAD_RESPONSE', '服务器返回的内容无法识别，请稍后再试');
    return body as T;
  }
  if (response.status === 401 && token) {
    setToken(null);
    window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    // A rejected token must not block public reads (facilities): ask once more as a visitor.
    if (method === 'GET') return request<T>(method, path, options);
  }
  throw toApiError(response.status, body);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
};

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.field);
  }
  // No error body: a proxy or gateway answered, not the API.
  const message = status >= 500 ? `服务暂时不可用（${status}），请稍后再试` : `请求失败（${status}）`;
  return new ApiError(status, 'HTTP_' + status, message);
}

/** A message safe to show staff for anything a request may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '出现了意外错误，请刷新页面后重试';
}
