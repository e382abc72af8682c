import Taro from '@tarojs/taro';
import type { ErrorBody } from '@ygt/shared';
import { clearSession, getSession } from '../stores/session';
import { goToSignIn } from './sign-in';

/** Same origin on H5 (the API serves /h5/); on weapp the build-time API_BASE_URL. */
const BASE_URL = process.env.TARO_ENV === 'h5' ? '' : API_BASE_URL;

const TIMEOUT_MS = 15_000;

/** The one error type of the client: an API error body, or status 0 when the network failed. */
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

export type Query = Record<string, string | number | boolean | undefined>;

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, error.message || '请求没有成功，请稍后再试', error.field);
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'UNKNOWN', '服务暂时不可用，请稍后再试');
}

let signInPending = false;

/** The session ended (expired, revoked, account deleted): forget it and ask to sign in again, once. */
function onSessionEnded(): void {
  clearSession();
  if (signInPending) return;
  signInPending = true;
  goToSignIn();
  setTimeout(() => (signInPending = false), 1000);
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Extra headers, e.g. an Idempotency-Key so a retried booking is made once. */
  headers?: Record<string, string>;
}

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const token = getSession()?.token;
  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject>;
  try {
    response = await Taro.request<TaroGeneral.IAnyObject>({
      url: `${BASE_URL}${path}${queryString(options.query)}`,
      method,
      data: options.body,
      header: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      dataType: 'json',
      timeout: TIMEOUT_MS,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接不上，请检查网络后重试');
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const error = toApiError(response.statusCode, response.data);
    if (error.code === 'UNAUTHENTICATED') onSessionEnded();
    throw error;
  }
  return response.data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body, headers }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
