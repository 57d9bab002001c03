import { BrowserWindows } from '../../../src-main/host/browser-window';

/*
 * A process that opens a window as headless-main does, then, when the test writes a line to
 * its stdin, dies of an uncaught error (browser-window.test.ts): its 'exit' listener must
 * still close the window and remove its profile.
 */
const windows = new BrowserWindows();
windows.closeOnExit();
if (!(await windows.open('http://127.0.0.1:9/signon/0'))) process.exit(3);
process.stdin.once('data', () => {
  throw new Error('a crash after opening a window');
});
