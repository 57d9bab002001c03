import v8 from 'node:v8';
import type { Readable, Writable } from 'node:stream';

/*
 * Framing for the utilityProcess stand-in's private pipe: a 4-byte length, then the message as
 * V8's serialisation (structured clone), as Electron's ports carry it. Not Node's own IPC: a
 * utility process has no process.send and no 'message' on process, and the stand-in must not
 * give the worker either.
 */
export function writeFrame(stream: Writable, message: unknown): void {
  const body = v8.serialize(message);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  stream.write(Buffer.concat([head, body]));
}

export function readFrames(stream: Readable, onMessage: (message: unknown) => void): void {
  let pending = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readUInt32BE(0);
      if (pending.length < 4 + size) break;
      const body = pending.subarray(4, 4 + size);
      pending = pending.subarray(4 + size);
      onMessage(v8.deserialize(body));
    }
  });
}
