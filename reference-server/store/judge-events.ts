import { canonicalJson } from '../canonical-json';
import { lockStation } from './lock';
import { placeholders, type SqlQuery } from './sql';
import type { EventResult, JournalEvent, PushItem } from './store';

/** The aggregates table's key (an aggregateType has no '/': see the document's pattern). */
const aggKey = (type: string, id: string) => `${type}/${id}`;
/** Rows per multi-row INSERT: 11 parameters each stays far below both databases' limits. */
const INSERT_CHUNK = 400;

/**
 * The push rules, applied to one batch inside its transaction with the station's row locked:
 * an id seen before is a duplicate (same content) or an id-conflict; otherwise the event must
 * carry the next aggregateSeq of its aggregate. Lookups are batched (one query for the ids, one
 * for the aggregates' heads, one INSERT per chunk, one upsert of the heads) so a 1000-event
 * batch costs a handful of round trips on PostgreSQL, not thousands.
 */
export async function judgeEvents(
  q: SqlQuery,
  stationId: string,
  items: PushItem[],
  receivedAt: number,
): Promise<EventResult[]> {
  const { event_head: eventHead } = await lockStation(q, stationId);
  const valid = items.flatMap((it) =>
    it.ok && it.event.stationId === stationId ? [it.event] : [],
  );
  const seen = await existingById(q, stationId, valid);
  const heads = await aggregateHeads(q, stationId, valid);

  const moved = new Map<string, number>();
  /** Aggregates with a refused event earlier in this batch. */
  const refused = new Set<string>();
  let serverSeq = eventHead;
  const inserts: { event: JournalEvent; body: string; serverSeq: number }[] = [];
  const results = items.map((item): EventResult => {
    if (!item.ok) return { id: item.id, status: 'rejected', error: item.error };
    const e = item.event;
    if (e.stationId !== stationId) {
      return reject(
        e.id,
        'station-mismatch',
        `Event ${e.id} belongs to station "${e.stationId}", not to "${stationId}".`,
      );
    }
    const body = canonicalJson(e);
    const before = seen.get(e.id);
    if (before) {
      if (before.body !== body) {
        refused.add(aggKey(e.aggregateType, e.aggregateId));
        return reject(
          e.id,
          'id-conflict',
          `Event id ${e.id} was accepted before with different content.`,
        );
      }
      return {
        id: e.id,
        status: 'duplicate',
        serverSeq: before.serverSeq,
        receivedAt: before.receivedAt,
      };
    }
    const key = aggKey(e.aggregateType, e.aggregateId);
    const expected = (heads.get(key) ?? 0) + 1;
    if (refused.has(key) && e.aggregateSeq === expected) {
      // The client holds an aggregate back from its first refused event: nothing after it
      // may slip in on top of whatever the server holds.
      return {
        id: e.id,
        status: 'rejected',
        error: {
          code: 'out-of-order',
          message: `Event ${e.id} follows a refused event of ${e.aggregateType} ${e.aggregateId} in this batch: resolve that one first.`,
          expectedAggregateSeq: expected,
        },
      };
    }
    if (e.aggregateSeq !== expected) {
      refused.add(key);
      const code = e.aggregateSeq < expected ? 'sequence-conflict' : 'out-of-order';
      const what = `${e.aggregateType} ${e.aggregateId}`;
      const message =
        code === 'out-of-order'
          ? `Event ${e.id} is number ${e.aggregateSeq} of ${what}, but the server holds up to ${expected - 1}: send number ${expected} first.`
          : `Event ${e.id} claims number ${e.aggregateSeq} of ${what}, which the server already holds under another id.`;
      return {
        id: e.id,
        status: 'rejected',
        error: { code, message, expectedAggregateSeq: expected },
      };
    }
    heads.set(key, expected);
    moved.set(key, expected);
    serverSeq += 1;
    seen.set(e.id, { body, serverSeq, receivedAt });
    inserts.push({ event: e, body, serverSeq });
    return { id: e.id, status: 'accepted', serverSeq, receivedAt };
  });

  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
    const chunk = inserts.slice(i, i + INSERT_CHUNK);
    const params = chunk.flatMap(({ event: e, body, serverSeq: s }) => [
      stationId,
      e.id,
      s,
      e.seq,
      e.aggregateType,
      e.aggregateId,
      e.aggregateSeq,
      e.type,
      e.at,
      body,
      receivedAt,
    ]);
    const rows = chunk.map((_, r) => `(${placeholders(11, r * 11)})`).join(', ');
    await q.run(
      `INSERT INTO events (station_id, id, server_seq, seq, aggregate_type, aggregate_id,
         aggregate_seq, type, at, body, received_at) VALUES ${rows}`,
      params,
    );
  }
  await saveHeads(q, stationId, moved);
  if (serverSeq !== eventHead) {
    await q.run('UPDATE stations SET event_head = $2 WHERE id = $1', [stationId, serverSeq]);
  }
  return results;
}

function reject(
  id: string,
  code: 'station-mismatch' | 'id-conflict',
  message: string,
): EventResult {
  return { id, status: 'rejected', error: { code, message } };
}

async function existingById(q: SqlQuery, stationId: string, events: JournalEvent[]) {
  const ids = [...new Set(events.map((e) => e.id))];
  const out = new Map<string, { body: string; serverSeq: number; receivedAt: number }>();
  if (ids.length === 0) return out;
  const rows = await q.all<{ id: string; body: string; server_seq: number; received_at: number }>(
    `SELECT id, body, server_seq, received_at FROM events
     WHERE station_id = $1 AND id IN (${placeholders(ids.length, 1)})`,
    [stationId, ...ids],
  );
  for (const r of rows)
    out.set(r.id, { body: r.body, serverSeq: r.server_seq, receivedAt: r.received_at });
  return out;
}

async function aggregateHeads(q: SqlQuery, stationId: string, events: JournalEvent[]) {
  const keys = [...new Set(events.map((e) => aggKey(e.aggregateType, e.aggregateId)))];
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const rows = await q.all<{ agg_key: string; head: number }>(
    `SELECT agg_key, head FROM aggregates
     WHERE station_id = $1 AND agg_key IN (${placeholders(keys.length, 1)})`,
    [stationId, ...keys],
  );
  for (const r of rows) out.set(r.agg_key, r.head);
  return out;
}

/** Stores the heads this batch moved: one multi-row upsert. */
async function saveHeads(q: SqlQuery, stationId: string, heads: Map<string, number>) {
  const moved = [...heads];
  for (let i = 0; i < moved.length; i += INSERT_CHUNK) {
    const chunk = moved.slice(i, i + INSERT_CHUNK);
    await q.run(
      `INSERT INTO aggregates (station_id, agg_key, head)
       VALUES ${chunk.map((_, r) => `(${placeholders(3, r * 3)})`).join(', ')}
       ON CONFLICT (station_id, agg_key) DO UPDATE SET head = excluded.head`,
      chunk.flatMap(([key, head]) => [stationId, key, head]),
    );
  }
}
