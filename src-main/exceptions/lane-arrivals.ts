import type { Db } from '../db/database';

/**
 * The stays opened at each lane over a span (a run of hours an alarm covers), read from the
 * journal by time: the chart rollups count arrivals per zone, not per lane, and a few hours of
 * the journal are a short range of its `at` index.
 */
export function laneArrivalsQuery(db: Db) {
  const reads = db.prepare(`SELECT json_extract(payload_json, '$.laneId') AS laneId,
      COUNT(*) AS n FROM journal INDEXED BY journal_by_at
    WHERE at >= ? AND at < ? AND type = 'session.opened' GROUP BY laneId`);
  return (laneIds: readonly string[], fromAt: number, toAt: number): Map<string, number> => {
    const rows = reads.all(fromAt, toAt) as { laneId: string | null; n: number }[];
    const counts = new Map(rows.map((r) => [r.laneId, r.n] as const));
    return new Map(laneIds.map((id) => [id, counts.get(id) ?? 0] as const));
  };
}
