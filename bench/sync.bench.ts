/**
 * bench:sync — drains 100,000 journal events from a real station database to the reference
 * server on loopback (its own process, SQLite store), through the station's outbox (Pusher:
 * journal read, token, axios, results, pointer committed with synchronous=FULL), then posts
 * the very same batches with a bare HTTP loop (no journal reads, no commits) to a second
 * station on the same server, as the baseline. Prints a table, then one JSON object on the
 * last line: events per second, p50/p99 batch latency, and the outbox / bare-loop ratio.
 *
 * BENCH_SYNC_EVENTS changes the count; BENCH_SYNC_BATCH the batch size (at most 1000).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import axios from 'axios';
import type { JournalEntryView } from '../src-shared/journal/event-types';
import { Pusher } from '../src-main/sync/push';
import { TokenSource } from '../src-main/sync/tokens';
import { createTransport } from '../src-main/sync/transport';
import { openSyncRig } from '../tests/support/sync-rig';

const EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_SYNC_BATCH ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
const secret = (id: string) => `${id}-secret-${randomBytes(8).toString('hex')}`;
const outbox = { id: 'bench-outbox', secret: secret('outbox') };
const bare = { id: 'bench-bare', secret: secret('bare') };

// The server in its own process, so the client's time is the client's.
const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'reference-server/main.ts',
    '--port',
    '0',
    '--store',
    `sqlite:${join(dir, 'operator.db')}`,
    '--station',
    `${outbox.id}:${outbox.secret}`,
    '--station',
    `${bare.id}:${bare.secret}`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve) => {
  createInterface({ input: server.stdout! }).once('line', resolve);
});

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(2);
};

try {
  // The station's journal: 100,000 events over many aggregates.
  const rig = openSyncRig({ serverUrl: null, stationId: outbox.id, deviceSecret: outbox.secret });
  const tSeed = performance.now();
  for (let done = 0; done < EVENTS; done += 10_000)
    rig.append(Math.min(10_000, EVENTS - done), 2000);
  const seedSeconds = (performance.now() - tSeed) / 1000;
  const batches: JournalEntryView[][] = [];
  for (let seq = 0; seq < EVENTS; seq += BATCH) batches.push(rig.journal.since(seq, BATCH));

  // Baseline: the same batches (restamped for the second station) by a bare axios loop.
  const http = axios.create({
    baseURL: url,
    httpAgent: new Agent({ keepAlive: true }),
    proxy: false,
    validateStatus: () => true,
  });
  const token = (
    await http.post('/v1/auth/token', {
      grantType: 'device_credentials',
      stationId: bare.id,
      deviceSecret: bare.secret,
    })
  ).data.accessToken as string;
  const bareBatches = batches.map((b) => b.map((e) => ({ ...e, stationId: bare.id })));
  const bareLatency: number[] = [];
  const tBare = performance.now();
  for (const events of bareBatches) {
    const t = performance.now();
    const res = await http.post(
      '/v1/events',
      { events },
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.status !== 200) throw new Error(`bare loop: HTTP ${res.status}`);
    bareLatency.push(performance.now() - t);
  }
  const bareSeconds = (performance.now() - tBare) / 1000;

  // The outbox: the station's own push path, batch by batch.
  const transport = createTransport(url, 30_000);
  const pusher = new Pusher({
    journal: rig.journal,
    sync: rig.repos.sync,
    transport,
    tokens: new TokenSource(
      transport,
      () => ({ stationId: outbox.id, deviceSecret: outbox.secret }),
      Date.now,
    ),
    transact: (fn) => rig.db.transaction(fn)(),
    clock: Date.now,
    batchSize: BATCH,
  });
  const latency: number[] = [];
  const tOutbox = performance.now();
  for (;;) {
    const t = performance.now();
    const more = await pusher.step();
    latency.push(performance.now() - t);
    if (!more) break;
  }
  const outboxSeconds = (performance.now() - tOutbox) / 1000;
  const left = rig.journal.countAfter(rig.repos.sync.pushedThrough()).count;
  if (left !== 0 || rig.repos.sync.holds().length) throw new Error('the outbox did not drain');
  transport.close();
  await rig.close();

  const result = {
    events: EVENTS,
    batch_size: BATCH,
    batches: latency.length,
    seed_seconds: +seedSeconds.toFixed(1),
    outbox_seconds: +outboxSeconds.toFixed(2),
    outbox_events_per_s: Math.round(EVENTS / outboxSeconds),
    outbox_batch_ms: { p50: percentile(latency, 50), p99: percentile(latency, 99) },
    bare_loop_seconds: +bareSeconds.toFixed(2),
    bare_loop_events_per_s: Math.round(EVENTS / bareSeconds),
    bare_loop_batch_ms: { p50: percentile(bareLatency, 50), p99: percentile(bareLatency, 99) },
    ratio_outbox_vs_bare: +(outboxSeconds / bareSeconds).toFixed(3),
    targets: {
      events_per_s_ge_10000: EVENTS / outboxSeconds >= 10_000,
      overhead_le_1_5x: outboxSeconds / bareSeconds <= 1.5,
    },
  };
  console.log(`what            events/s   batch p50 ms   batch p99 ms`);
  console.log(
    `outbox          ${String(result.outbox_events_per_s).padStart(8)} ${String(result.outbox_batch_ms.p50).padStart(14)} ${String(result.outbox_batch_ms.p99).padStart(14)}`,
  );
  console.log(
    `bare HTTP loop  ${String(result.bare_loop_events_per_s).padStart(8)} ${String(result.bare_loop_batch_ms.p50).padStart(14)} ${String(result.bare_loop_batch_ms.p99).padStart(14)}`,
  );
  console.log(`outbox / bare loop: ${result.ratio_outbox_vs_bare}`);
  console.log(JSON.stringify(result));
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
