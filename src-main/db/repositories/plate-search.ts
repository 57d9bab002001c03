import type { SearchCandidate } from '../../../src-shared';
import { canonicalPlate, fuzzyBudget, matchPlate } from '../../../src-shared';
import type { Db } from '../database';
import { toSession } from './session-repository';

const COLUMNS = `s.id, s.plate, s.zone_id, s.tariff_id, s.entry_lane_id, s.entry_at, s.entry_photo_id,
  s.state, s.paid_minor, s.exit_by, s.exit_at, s.exit_lane_id, s.exit_photo_id, s.lost_ticket,
  s.continues_session_id`;

/** Trigrams quoted for an FTS5 query, so plate text can never be read as query syntax. */
function trigrams(text: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) out.add(`"${text.slice(i, i + 3)}"`);
  return [...out];
}

/**
 * Plate search for the cashier: exact, look-alike (0/O, 1/I, 8/B...), partial and fuzzy.
 * 'lot' scans only cars in the lot (a partial index keeps that set small); 'all' searches
 * history through the trigram index and ranks the candidates it returns.
 */
export class PlateSearch {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      inLot: db.prepare(`SELECT ${COLUMNS} FROM sessions s WHERE s.state IN ('open', 'paid')`),
      byCanon: db.prepare(
        `SELECT ${COLUMNS} FROM sessions s WHERE s.plate_canon = ? AND s.state != 'deleted'
         ORDER BY s.entry_at DESC LIMIT 50`,
      ),
      byTrigrams: db.prepare(
        `SELECT ${COLUMNS} FROM sessions_plate_fts f JOIN sessions s ON s.rowid = f.rowid
         WHERE f.plate_canon MATCH ? AND s.state != 'deleted' LIMIT ?`,
      ),
    };
  }

  /** `plate` must already be normalised (A-Z0-9). */
  search(plate: string, scope: 'lot' | 'all', limit = 20): SearchCandidate[] {
    const rows = (scope === 'lot' ? this.stmts.inLot.all() : this.historyRows(plate)) as Parameters<
      typeof toSession
    >[0][];
    const seen = new Set<string>();
    const found: SearchCandidate[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const match = matchPlate(plate, row.plate);
      if (match)
        found.push({ session: toSession(row), matchKind: match.kind, distance: match.distance });
    }
    found.sort((a, b) => a.distance - b.distance || b.session.entryAt - a.session.entryAt);
    return found.slice(0, limit);
  }

  private historyRows(plate: string): unknown[] {
    const canon = canonicalPlate(plate);
    const rows: unknown[] = this.stmts.byCanon.all(canon);
    if (canon.length >= 3) {
      // Substring match: one phrase made of the query's trigrams.
      rows.push(...this.stmts.byTrigrams.all(`"${canon}"`, 200));
      if (fuzzyBudget(canon.length) > 0) {
        rows.push(...this.stmts.byTrigrams.all(trigrams(canon).join(' OR '), 2000));
      }
    }
    return rows;
  }
}
