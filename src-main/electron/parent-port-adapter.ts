/**
 * Gives a script written for child_process.fork (process.send, process.on('message')) what it
 * needs inside an Electron utility process, whose one channel to the parent is
 * process.parentPort. Messages stay structured clones both ways, as with fork's 'advanced'
 * serialisation, so frame bytes cross as bytes.
 *
 * Import it before the script it serves (anpr-utility-worker.ts does): anpr-worker.ts checks
 * process.send as it loads. Outside a utility process it does nothing.
 */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const port = (process as { parentPort?: ParentPortLike }).parentPort;
if (port && !process.send) {
  process.send = (message: unknown) => {
    port.postMessage(message);
    return true;
  };
  port.on('message', (event) => process.emit('message', event.data, undefined));
}
