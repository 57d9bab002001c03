import type { SearchCandidate } from '../../../src-shared';
import { canonicalPlate, fuzzyBudget, matchPlate } from '../../../src-shared';
import type { Db } from '../database';
import { toSession } from './session-repository';
import { anyTrigramQuery, oneEditQuery, substringQuery } from './trigram-query';

const COLUMNS = `s.id, s.plate, s.zone_id, s.tariff_id, s.entry_lane_id, s.entry_at, s.entry_photo_id,
  s.state, s.paid_minor, s.exit_by, s.exit_at, s.exit_lane_id, s.exit_photo_id, s.lost_ticket,
  s.continues_session_id, s.plate_canon`;


/**
 * Plate search for the cashier: exact, look-alike (0/O, 1/I, 8/B...), partial and fuzzy.
 * 'lot' scans only cars in the lot (a partial index keeps that set small); 'all' searches
 * history through the trigram index and ranks the candidates it returns.
 */
export class PlateSearch {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      inLot: db.prepare(
        `SELECT ${COLUMNS} FROM sessions s INDEXED BY sessions_in_lot WHERE s.state IN ('open', 'paid')`,
      ),
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
    type Row = Parameters<typeof toSession>[0] & { plate_canon: string };
    const rows = (scope === 'lot' ? this.stmts.inLot.all() : this.historyRows(plate)) as Row[];
    const seen = new Set<string>();
    const found: SearchCandidate[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const match = matchPlate(plate, row.plate, row.plate_canon);
      if (match)
        found.push({ session: toSession(row), matchKind: match.kind, distance: match.distance });
    }
    found.sort((a, b) => a.distance - b.distance || b.session.entryAt - a.session.entryAt);
    return found.slice(0, limit);
  }

  private historyRows(plate: string): unknown[] {
    const canon = canonicalPlate(plate);
    const rows: unknown[] = this.stmts.byCanon.all(canon);
    if (canon.length < 3) return rows;
    rows.push(...this.stmts.byTrigrams.all(substringQuery(canon), 200));
    const budget = fuzzyBudget(canon.length);
    const fuzzy = budget === 1 ? oneEditQuery(canon) : budget > 1 ? anyTrigramQuery(canon) : null;
    if (fuzzy) rows.push(...this.stmts.byTrigrams.all(fuzzy, 2000));
    return rows;
  }
}
