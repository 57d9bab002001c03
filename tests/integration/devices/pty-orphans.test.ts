/**
 * The socat processes behind pty pairs die with the station, even when it is killed with
 * SIGKILL (no exit hook runs then): the kernel's parent-death signal takes them down, and a
 * socat that still outlived its station is reaped by the next openPtyPair in the same dir.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const PTY_MODULE = fileURLToPath(
  new URL('../../../src-main/devices/serial/pty-pair.ts', import.meta.url),
);

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Live (not zombie) processes whose command line is socat with a link under `dir`. */
async function socatsIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      const isSocat = argv[0]?.endsWith('socat') && argv.some((a) => a.includes(`link=${dir}/`));
      if (isSocat && state !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A Node process (a stand-in station) that opens pty pairs in `dir` and then just waits. */
async function startHolder(dir: string, names: string[], env?: NodeJS.ProcessEnv) {
  const script = join(dir, 'holder.mts');
  await writeFile(
    script,
    `import { openPtyPair } from ${JSON.stringify(PTY_MODULE)};
for (const name of ${JSON.stringify(names)}) await openPtyPair(${JSON.stringify(dir)}, name);
console.log('ready');
setInterval(() => {}, 1000);
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: env ?? process.env,
  });
  cleanup.add(() => child.kill('SIGKILL'));
  // If a socat survives (the bug), do not leave it running after the test.
  cleanup.add(async () => (await socatsIn(dir)).forEach((pid) => process.kill(pid, 'SIGKILL')));
  child.stdout.setEncoding('utf8');
  let out = '';
  child.stdout.on('data', (chunk: string) => (out += chunk));
  await waitFor(() => out.includes('ready') || child.exitCode !== null, 'the holder to open');
  assert.equal(child.exitCode, null, 'holder exited early');
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('pty pair helper processes', { timeout: 60_000 }, () => {
  it('die with a station killed with SIGKILL', async () => {
    const dir = await tempDir(cleanup, 'pty-orphans');
    const holder = await startHolder(dir, ['gate-entry', 'gate-exit', 'printer']);
    const socats = await socatsIn(dir);
    assert.equal(socats.length, 3, 'one socat per pair');

    await killHard(holder);
    // Polled with a generous deadline: the kernel signals at once, but the machine may be busy.
    await waitFor(async () => (await socatsIn(dir)).length === 0, 'every socat to go', 20_000);
  });

  it('reaps, at the next open, a socat that outlived its station', async () => {
    const dir = await tempDir(cleanup, 'pty-stale');
    // A station from before the parent-death signal (or on a machine without setpriv): its
    // PATH offers socat only, so nothing ties socat's life to the station's.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(await findSocat(), join(bin, 'socat'));
    const holder = await startHolder(dir, ['gate'], { ...process.env, PATH: bin });
    const [stale] = await socatsIn(dir);
    assert.ok(stale, 'the holder started socat');
    await killHard(holder);
    assert.ok(alive(stale), 'without the death signal socat outlives its station');

    const pair = await openPtyPair(dir, 'gate');
    cleanup.add(() => pair.close());
    await waitFor(async () => !(await socatsIn(dir)).includes(stale), 'the stale socat to go');
    assert.equal((await socatsIn(dir)).length, 1, 'only the new pair runs');
  });

  it('never kills a process that merely has the recorded pid', async () => {
    const dir = await tempDir(cleanup, 'pty-pid-reuse');
    const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    cleanup.add(() => bystander.kill('SIGKILL'));
    await writeFile(join(dir, 'gate.socat.pid'), `${bystander.pid}\n`);

    const pair = await openPtyPair(dir, 'gate');
    cleanup.add(() => pair.close());
    assert.equal(bystander.exitCode, null);
    assert.equal(bystander.signalCode, null);
    assert.ok(alive(bystander.pid!));
  });
});

async function findSocat(): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'socat');
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  throw new Error('socat is not on PATH');
}
