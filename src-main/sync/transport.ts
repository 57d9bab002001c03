import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { transportAllowed } from '../platform/station-config';

/** What came back from one request: an answer with any status, or no answer at all. */
export type Outcome =
  | { kind: 'answer'; status: number; data: unknown; retryAfterMs: number | null }
  | { kind: 'no-answer'; why: string };

export interface Transport {
  /** `body` is sent as JSON; a string is taken to be JSON already. */
  post(path: string, body: unknown, token?: string): Promise<Outcome>;
  get(
    path: string,
    params: Record<string, string | number | undefined>,
    token: string,
  ): Promise<Outcome>;
  close(): void;
}

/**
 * The one place sync does HTTP: axios with a timeout and keep-alive connections, TLS unless
 * the server is this machine. Statuses are answers, not exceptions; a timeout, a reset or a
 * refused connection is "no answer" (the outcome of a write is then unknown, and the caller
 * sends the same request again).
 */
export function createTransport(baseURL: string, timeoutMs: number): Transport {
  if (!transportAllowed(baseURL)) {
    throw new Error(`sync: ${baseURL} is not https:// (plain http only to this machine)`);
  }
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 4 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 4 });
  const http: AxiosInstance = axios.create({
    baseURL,
    timeout: timeoutMs,
    httpAgent,
    httpsAgent,
    proxy: false,
    maxRedirects: 0,
    // 8 MiB, as the server takes; a larger answer is refused rather than buffered.
    maxContentLength: 8 * 1024 * 1024,
    validateStatus: () => true,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  });
  const run = async (
    request: () => Promise<{ status: number; data: unknown; headers: unknown }>,
  ) => {
    try {
      const res = await request();
      return {
        kind: 'answer',
        status: res.status,
        data: res.data,
        retryAfterMs: retryAfterMs(res.headers, res.data),
      } satisfies Outcome;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { kind: 'no-answer', why: e.code ?? e.message ?? String(err) } satisfies Outcome;
    }
  };
  const auth = (token?: string) => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    post: (path, body, token) =>
      run(() =>
        http.post(path, body, {
          headers: auth(token),
          // A body already serialised (a push batch) goes as it is: axios would parse it once
          // more just to check it.
          ...(typeof body === 'string' ? { transformRequest: [(d: unknown) => d] } : {}),
        }),
      ),
    get: (path, params, token) => run(() => http.get(path, { params, headers: auth(token) })),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Retry-After (HTTP's seconds), or the problem body's retryAfterMs; null when neither. */
function retryAfterMs(headers: unknown, data: unknown): number | null {
  const h = (headers as Record<string, unknown> | undefined)?.['retry-after'];
  const seconds = typeof h === 'string' ? Number(h) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const ms = (data as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : null;
}
