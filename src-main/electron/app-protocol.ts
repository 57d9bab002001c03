import { readStatic } from '../host/static-files';
import { CONTENT_SECURITY_POLICY } from './csp';

/*
 * The renderer is served from app://station/, not file://. A file:// page shares its origin
 * with every file on the disk (and with the grantFileProtocolExtraPrivileges fuse off it loses
 * fetch anyway); a standard, secure custom scheme gives it one origin of its own that 'self' in
 * the CSP means exactly, and a handler that can answer only from the renderer folder.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, which must run before the app is ready.
 * standard: real origin and relative URLs; secure: a secure context, like https;
 * supportFetchAPI: the page may fetch its own assets. Nothing else (no CSP bypass, no CORS
 * opening, no service workers).
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** The slice of a protocol.handle request used here (a fetch Request in Electron). */
export interface AppRequestLike {
  readonly url: string;
  readonly method: string;
}

/**
 * The handler for protocol.handle('app', ...): GET only, host `station` only, and only files
 * under `rendererDir` (readStatic refuses anything whose decoded path leaves it: `..`, encoded
 * slashes, NUL). Every answer carries the CSP, so the policy holds even where Chromium runs no
 * webRequest header hook for a custom scheme.
 */
export function createAppProtocolHandler(
  rendererDir: string,
): (request: AppRequestLike) => Promise<Response> {
  const answer = (status: number, body: Uint8Array | string, type = 'text/plain; charset=utf-8') =>
    new Response(body, {
      status,
      headers: {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });

  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'Not found');
    if (request.method !== 'GET') return answer(405, 'Method not allowed');
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) return answer(404, 'Not found');
    return answer(200, new Uint8Array(file.body), file.type);
  };
}
