import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './problem';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The raw body, refusing more than MAX_BODY_BYTES (413) without buffering the rest. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () =>
  new HttpError(413, 'payload-too-large', `The body is over ${MAX_BODY_BYTES} bytes.`);

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
