/**
 * Child process of concurrent-reads.test.ts: a real station whose lanes get many manual reads and
 * triggers at once, as a booth with two busy lanes and a typing cashier does. It exits 0 when
 * every request got an answer; the parent runs it under --stress-incremental-marking, where the
 * old crash (a V8 fatal error in GC) came on every run.
 *
 * argv: rounds, requests per lane per round.
 */
import { startHarness } from '../../support/station-harness';

const rounds = Number(process.argv[2] ?? 10);
const perLane = Number(process.argv[3] ?? 10);

const h = await startHarness();
try {
  await h.signIn('cashier');
  const lanes = (await h.call('lanes:list', {})).map((l) => l.id);
  // A trigger and a snapshot need a camera frame: wait until every lane has published one.
  await new Promise<void>((resolve) => {
    const seen = new Set<string>();
    const stop = h.station.events.subscribe((event, payload) => {
      if (event !== 'lane:frame') return;
      seen.add((payload as { laneId: string }).laneId);
      if (lanes.every((id) => seen.has(id))) {
        stop();
        resolve();
      }
    });
  });

  const answers = new Map<string, number>();
  const messages = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    const calls = lanes.flatMap((laneId) =>
      Array.from({ length: perLane }, (_, i) => {
        // Mostly typed plates, one in ten the domain rejects, one in ten a camera trigger.
        if (i % 10 === 9) return h.raw('lanes:trigger', { laneId });
        const plate = i % 10 === 8 ? 'A-' : `B${String(round * 100 + i).padStart(3, '0')}XYZ`;
        return h.raw('lanes:manualRead', { laneId, plate });
      }),
    );
    for (const result of await Promise.all(calls)) {
      const key = result.ok ? 'ok' : result.error.code;
      answers.set(key, (answers.get(key) ?? 0) + 1);
      if (!result.ok && key !== 'INVALID_PAYLOAD') messages.add(result.error.message);
    }
  }
  console.log(
    JSON.stringify({
      lanes: lanes.length,
      answers: Object.fromEntries(answers),
      messages: [...messages],
    }),
  );
} finally {
  await h.stop();
}
