import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

/*
 * The throwaway Chromium profiles of `--open`, with the real headless-main as a child process
 * and a stand-in for Chromium (CHROMIUM_PATH): a script that writes into its profile as
 * Chromium would, reports its arguments over a socket, and waits to be killed. TMPDIR points
 * the children at a temp dir of this test, so their profiles land (and are looked for) there.
 */
const repoRoot = resolve(import.meta.dirname, '../../..');

const STAND_IN = `#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
const profile = process.argv.find((a) => a.startsWith('--user-data-dir='))?.split('=')[1];
if (profile) writeFileSync(profile + '/Cookies', 'stand-in');
const conn = createConnection(process.env.STAND_IN_SOCKET);
conn.on('error', () => {});
conn.write(JSON.stringify({ pid: process.pid, args: process.argv.slice(2) }) + '\\n');
setInterval(() => {}, 1 << 30);
`;

interface Launch {
  pid: number;
  url: string;
  profile: string;
  /** Resolves when the stand-in has died (its socket closes with it). */
  gone: Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

describe('Chromium windows opened by the headless host', () => {
  let dir: string;
  let tmp: string;
  let server: Server;
  const launches: Launch[] = [];
  const started: Launch[] = [];
  const children: ChildProcess[] = [];
  const waiting: ((launch: Launch) => void)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-windows-test-'));
    tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(join(dir, 'chromium-stand-in.mjs'), STAND_IN);
    chmodSync(join(dir, 'chromium-stand-in.mjs'), 0o755);
    server = createServer((conn: Socket) => {
      let line = '';
      conn.setEncoding('utf8');
      const gone = new Promise<void>((done) => conn.once('close', () => done()));
      conn.on('error', () => {});
      conn.on('data', (chunk: string) => {
        line += chunk;
        if (!line.endsWith('\n')) return;
        const { pid, args } = JSON.parse(line) as { pid: number; args: string[] };
        const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))!.split('=')[1]!;
        const launch = { pid, url: arg('app'), profile: arg('user-data-dir'), gone };
        started.push(launch);
        const waiter = waiting.shift();
        if (waiter) waiter(launch);
        else launches.push(launch);
      });
    });
    await new Promise<void>((done) => server.listen(join(dir, 'stand-in.sock'), done));
  });
  after(() => {
    // Whatever a failed test left running.
    for (const child of children) child.kill('SIGKILL');
    for (const { pid } of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const nextLaunch = () =>
    new Promise<Launch>((done) => {
      const ready = launches.shift();
      if (ready) done(ready);
      else waiting.push(done);
    });

  const env = () => ({
    ...process.env,
    CHROMIUM_PATH: join(dir, 'chromium-stand-in.mjs'),
    STAND_IN_SOCKET: join(dir, 'stand-in.sock'),
    TMPDIR: tmp,
  });
  /** headless-main.ts as `npm start` runs it, with its stdout collected. */
  const headlessMain = (...args: string[]) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/host/headless-main.ts', ...args],
      { cwd: repoRoot, env: env(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    return { child, output: () => out };
  };
  const signOnLink = /^http:\/\/127\.0\.0\.1:(\d+)\/signon\/[0-9a-f]{32}$/;

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(
      `removes every window's profile (and ends the window) on ${signal}`,
      { timeout: 180_000 },
      async () => {
        const dataDir = join(dir, `data-${signal}`);
        // Left by a station that was SIGKILLed: one whose Chromium is gone, one still running.
        const stale = join(tmp, 'station-browser-stale');
        const held = join(tmp, 'station-browser-held');
        mkdirSync(stale);
        mkdirSync(held);
        symlinkSync(`booth-${process.pid}`, join(held, 'SingletonLock'));

        const station = headlessMain('--open', '--data-dir', dataDir);
        const first = await nextLaunch();
        assert.match(first.url, signOnLink);
        assert.ok(first.profile.startsWith(join(tmp, 'station-browser-')), first.profile);
        assert.ok(existsSync(join(first.profile, 'Cookies')));
        assert.ok(!existsSync(stale), 'a stale profile is removed at start');
        assert.ok(existsSync(held), 'a profile a live Chromium holds is kept');
        rmSync(held, { recursive: true });

        // A second window: `npm start -- --open` again asks the running station for one.
        const again = headlessMain('--open', '--data-dir', dataDir);
        assert.equal(await exited(again.child), 0);
        assert.match(again.output(), /already running here: opened a new window/);
        const second = await nextLaunch();
        assert.match(second.url, signOnLink);
        assert.notEqual(second.url, first.url);
        assert.notEqual(second.profile, first.profile);

        // `npm start` again prints a fresh link, which works once.
        const link = headlessMain('--data-dir', dataDir);
        assert.equal(await exited(link.child), 0);
        const printed = /Open: (\S+)/.exec(link.output())?.[1] ?? '';
        assert.match(printed, signOnLink);
        assert.equal((await fetch(printed, { redirect: 'manual' })).status, 303);
        assert.equal((await fetch(printed, { redirect: 'manual' })).status, 403);

        station.child.kill(signal);
        assert.equal(await exited(station.child), 0);
        for (const launch of [first, second]) {
          assert.ok(!existsSync(launch.profile), `${launch.profile} is removed`);
          await launch.gone;
        }
      },
    );
  }

  it(
    "removes the window's profile when the process dies of an uncaught error",
    { timeout: 60_000 },
    async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/integration/host/crash-with-window.child.ts'],
        { cwd: repoRoot, env: env(), stdio: ['pipe', 'ignore', 'ignore'] },
      );
      children.push(child);
      const launch = await nextLaunch();
      assert.ok(existsSync(join(launch.profile, 'Cookies')));
      child.stdin!.end('crash\n');
      assert.equal(await exited(child), 1);
      assert.ok(!existsSync(launch.profile));
      await launch.gone;
    },
  );
});
