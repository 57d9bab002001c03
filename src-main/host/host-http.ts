import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIGNON_PATH } from '../../src-shared';
import { hostAllowed, type SignOn } from './host-auth';
import { readStatic } from './static-files';

/** Same policy as the renderer's meta tag, also sent as a header. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** How to get a link; the README says the same. */
const GET_A_LINK =
  'On the station computer, run <code>npm start -- --open</code> for a new window, or ' +
  '<code>npm start</code> to print a new sign-on link.';

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>Station Console: ${title}</title>` +
  `<h1>${title}</h1><p>${text}</p><p>${GET_A_LINK}</p></html>`;

const USED_LINK = page(
  'This sign-on link is spent',
  'A sign-on link works once, for a few minutes; this one was used, has expired or is unknown.',
);
const SIGN_ON_NEEDED = page(
  'Sign-on needed',
  'This browser has no session with the station: open a sign-on link.',
);

function reply(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type }).end(body);
}

/**
 * The host's HTTP side: the sign-on exchange and the renderer's files, to requests addressed to
 * 127.0.0.1:<port> only. Pages need a session; the scripts and styles they load hold nothing
 * of the station, and the bridge checks the session again.
 */
export async function answerHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { port: number; rendererDir: string; signOn: SignOn },
): Promise<void> {
  if (!hostAllowed(req, ctx.port)) {
    return reply(res, 421, 'Misdirected request: ask 127.0.0.1.', 'text/plain');
  }
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method === 'GET' && path.startsWith(SIGNON_PATH)) {
    const cookie = ctx.signOn.redeem(path.slice(SIGNON_PATH.length));
    if (!cookie) return reply(res, 403, USED_LINK, 'text/html; charset=utf-8');
    // A redirect, so the spent link leaves the address bar and the history.
    res.writeHead(303, { ...HEADERS, Location: '/', 'Set-Cookie': cookie }).end();
    return;
  }
  const file = req.method === 'GET' ? await readStatic(ctx.rendererDir, path) : null;
  if (!file) return reply(res, 404, 'Not found', 'text/plain');
  if (file.type.startsWith('text/html') && !ctx.signOn.hasSession(req)) {
    return reply(res, 403, SIGN_ON_NEEDED, 'text/html; charset=utf-8');
  }
  reply(res, 200, file.body, file.type);
}
