import assert from 'node:assert/strict';
import type { Harness } from '../../reference-server/support/harness';
import type { Db } from '../../../../src-main/db/database';

/** Registers `stationId` with the reference server under `deviceSecret`. */
export async function register(h: Harness, stationId: string, deviceSecret: string) {
  const res = await h.admin.put(`/admin/stations/${stationId}`, {
    name: `Station ${stationId}`,
    deviceSecret,
  });
  assert.equal(res.status, 200, JSON.stringify(res.data));
}

/** Every event the server holds from a station, in its order of receipt. */
export async function serverEvents(h: Harness, stationId: string) {
  const all: {
    serverSeq: number;
    event: {
      id: string;
      seq: number;
      aggregateType: string;
      aggregateId: string;
      aggregateSeq: number;
    };
  }[] = [];
  for (;;) {
    const res = await h.admin.get('/admin/events', {
      params: { stationId, after: all.at(-1)?.serverSeq ?? 0, limit: 10_000 },
    });
    const page = res.data.events as typeof all;
    all.push(...page);
    if (page.length < 10_000) return all;
  }
}

/**
 * The server holds the station's journal exactly once: every event, no id twice, and each
 * aggregate's events in their order (serverSeq follows aggregateSeq 1, 2, 3, …).
 */
export async function assertExactlyOnce(h: Harness, stationId: string, db: Db) {
  const held = await serverEvents(h, stationId);
  const local = db.prepare('SELECT id FROM journal ORDER BY seq').pluck().all() as string[];
  const ids = held.map((e) => e.event.id);
  assert.equal(new Set(ids).size, ids.length, 'no event held twice');
  assert.equal(ids.length, local.length, 'every journal event is held by the server');
  assert.deepEqual(new Set(ids), new Set(local));
  const next = new Map<string, number>();
  for (const { event } of held) {
    const key = `${event.aggregateType}/${event.aggregateId}`;
    const expected = (next.get(key) ?? 0) + 1;
    assert.equal(event.aggregateSeq, expected, `${key} arrives in order`);
    next.set(key, expected);
  }
  return held.length;
}
