import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** `link`: a fresh sign-on link; `open`: a new Chromium window signed on. */
export type ControlCommand = 'link' | 'open';
const COMMANDS: readonly string[] = ['link', 'open'] satisfies ControlCommand[];

/** In the data dir, which only the station's user may enter (and who may, may read the database). */
export const controlPath = (dataDir: string): string => join(dataDir, 'host.sock');

/**
 * The running host's control socket. A second `npm start` on the same data dir asks the running
 * station for a fresh link or a new window here instead of starting another station.
 * One line in ("link" or "open"), one line out.
 */
export async function serveControl(
  path: string,
  answer: (command: ControlCommand) => Promise<string>,
): Promise<Server> {
  rmSync(path, { force: true }); // left by a station that was killed; nobody answered on it
  const server = createServer((conn) => {
    conn.on('error', () => conn.destroy());
    conn.setEncoding('utf8');
    let line = '';
    const onData = (chunk: string) => {
      line += chunk;
      if (!line.includes('\n')) {
        if (line.length > 64) conn.destroy();
        return;
      }
      conn.off('data', onData);
      const command = line.trim();
      if (!COMMANDS.includes(command)) return void conn.end('unknown command\n');
      answer(command as ControlCommand).then(
        (reply) => conn.end(`${reply}\n`),
        () => conn.destroy(),
      );
    };
    conn.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.on('error', () => {}); // listening; a failed accept is not worth the station
  chmodSync(path, 0o600);
  return server;
}

/** Asks the host running on `path`: its answer, or null when no host is there. */
export function askRunningHost(path: string, command: ControlCommand): Promise<string | null> {
  return new Promise((resolve) => {
    const conn = createConnection(path);
    let reply = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${command}\n`));
    conn.on('data', (chunk: string) => (reply += chunk));
    conn.on('end', () => resolve(reply.trim()));
    // ENOENT (never started) or ECONNREFUSED (a killed station's socket): nobody is there.
    conn.on('error', () => resolve(null));
  });
}
