import { one, type SqlQuery } from './sql';

/**
 * Locks a station's row until commit and reads its counters. Every write to a station's data
 * starts here, so one station's writes are serialised (on PostgreSQL across server processes
 * too) and its counters follow commit order (see schema.ts).
 */
export async function lockStation(
  q: SqlQuery,
  stationId: string,
): Promise<{ event_head: number; feed_head: number }> {
  const row = await one<{ event_head: number; feed_head: number }>(
    q,
    'UPDATE stations SET event_head = event_head WHERE id = $1 RETURNING event_head, feed_head',
    [stationId],
  );
  if (!row) throw new Error(`unknown station ${stationId}`);
  return row;
}
