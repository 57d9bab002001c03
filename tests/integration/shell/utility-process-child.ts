import { EventEmitter } from 'node:events';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { readFrames, writeFrame } from './utility-process-wire';

/*
 * The child half of the utilityProcess stand-in (utility-process-standin.ts). Before loading the
 * entry script it sets up what Electron's utility-process bootstrap (lib/utility/init.ts) does:
 * process.parentPort, an EventEmitter whose 'message' events carry { data, ports } and whose
 * postMessage answers the parent, with messages queued until someone listens; process.argv is
 * [execPath, entryScript, ...args]. There is no process.send: this process was spawned without
 * Node's IPC channel, as a utility process has none.
 */
const pipe = new net.Socket({ fd: 3, readable: true, writable: true });

class ParentPort extends EventEmitter {
  private readonly queued: unknown[] = [];
  constructor() {
    super();
    this.on('newListener', (name) => {
      if (name === 'message') process.nextTick(() => this.flush());
    });
  }
  deliver(data: unknown): void {
    this.queued.push(data);
    if (this.listenerCount('message') > 0) this.flush();
  }
  postMessage(message: unknown): void {
    writeFrame(pipe, message);
  }
  private flush(): void {
    for (const data of this.queued.splice(0)) this.emit('message', { data, ports: [] });
  }
}

const parentPort = new ParentPort();
Object.defineProperty(process, 'parentPort', { enumerable: true, value: parentPort });
readFrames(pipe, (message) => parentPort.deliver(message));
// Chromium ends a utility process whose parent has gone; the pipe closing is that moment here.
pipe.on('close', () => process.exit(0));
pipe.on('error', () => process.exit(0));

const [execPath, , entry, ...args] = process.argv;
if (!entry) throw new Error('utility-process-child: no entry script');
process.argv = [execPath!, entry, ...args];
await import(pathToFileURL(entry).href);
