import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './problem';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The raw body, refusing more than MAX_BODY_BYTES (413) without buffering the rest. The rest
 * is read and dropped rather than left unread: closing on a client still sending would reset
 * the connection, and the client might lose the 413 it is owed.
 */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge(req);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES ? reject(tooLarge(req)) : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
    // A client gone mid-body: settle, so the handler does not wait forever (no-op after end).
    req.on('close', () => reject(new Error('the client closed the request before its end')));
  });
}

function tooLarge(req: IncomingMessage) {
  req.resume();
  return new HttpError(413, 'payload-too-large', `The body is over ${MAX_BODY_BYTES} bytes.`);
}

/** A JSON body, or a problem: 415 for another media type, 400 for text that is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const raw = await readBody(req);
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported-media-type', `Send application/json, not "${type}".`);
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new HttpError(400, 'malformed-json', `The body is not JSON: ${(err as Error).message}`);
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  mediaType = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${mediaType}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
