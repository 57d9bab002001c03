import type { SearchCandidate } from '../../../src-shared';
import { canonicalPlate, fuzzyBudget, plateMatcher } from '../../../src-shared';
import type { Db } from '../database';
import type { SessionRepository } from './session-repository';
import { anyTrigramQuery, deletionVariants, substringQuery } from './trigram-query';

interface Key {
  id: string;
  plate: string;
  canon: string;
  entryAt: number;
}

/**
 * Plate search for the cashier: exact, look-alike (0/O, 1/I, 8/B...), partial and fuzzy.
 * 'lot' scores the cars in the lot, kept in memory between session writes (the lot is small,
 * the cashier searches on every keystroke); 'all' searches history through the trigram index.
 * Only the plates are scored; full rows are read for the few that are returned.
 */
export class PlateSearch {
  private readonly stmts;
  private lotKeys: { writeCount: number; keys: Key[] } | null = null;

  constructor(
    db: Db,
    private readonly sessions: SessionRepository,
  ) {
    this.stmts = {
      inLot: db.prepare(
        `SELECT id, plate, plate_canon AS canon, entry_at AS entryAt FROM sessions INDEXED BY sessions_in_lot
         WHERE state IN ('open', 'paid')`,
      ),
      byCanon: db.prepare(
        `SELECT id, plate, plate_canon AS canon, entry_at AS entryAt FROM sessions
         WHERE plate_canon = ? AND state != 'deleted' ORDER BY entry_at DESC LIMIT 50`,
      ),
      byVariants: db.prepare(
        `SELECT s.id, s.plate, s.plate_canon AS canon, s.entry_at AS entryAt FROM plate_variants v
         JOIN sessions s ON s.rowid = v.session_rowid
         WHERE v.variant IN (SELECT value FROM json_each(?)) AND s.state != 'deleted' LIMIT 500`,
      ),
      byTrigrams: db.prepare(
        `SELECT s.id, s.plate, s.plate_canon AS canon, s.entry_at AS entryAt FROM sessions_plate_fts f
         JOIN sessions s ON s.rowid = f.rowid
         WHERE f.plate_canon MATCH ? AND s.state != 'deleted' LIMIT ?`,
      ),
    };
  }

  /** `plate` must already be normalised (A-Z0-9). */
  search(plate: string, scope: 'lot' | 'all', limit = 20): SearchCandidate[] {
    const keys = scope === 'lot' ? this.inLotKeys() : (this.historyKeys(plate) as Key[]);
    const match = plateMatcher(plate);
    const seen = new Set<string>();
    const found: { key: Key; kind: SearchCandidate['matchKind']; distance: number }[] = [];
    for (const key of keys) {
      if (seen.has(key.id)) continue;
      seen.add(key.id);
      const m = match(key.plate, key.canon);
      if (m) found.push({ key, kind: m.kind, distance: m.distance });
    }
    // Closest first, then the most recent; full rows are read only for what is returned.
    found.sort((a, b) => a.distance - b.distance || b.key.entryAt - a.key.entryAt);
    const candidates: SearchCandidate[] = [];
    for (const f of found.slice(0, limit)) {
      const session = this.sessions.get(f.key.id);
      if (session) candidates.push({ session, matchKind: f.kind, distance: f.distance });
    }
    return candidates;
  }

  private inLotKeys(): Key[] {
    const writeCount = this.sessions.writeCount;
    if (this.lotKeys?.writeCount !== writeCount) {
      this.lotKeys = { writeCount, keys: this.stmts.inLot.all() as Key[] };
    }
    return this.lotKeys.keys;
  }

  private historyKeys(plate: string): unknown[] {
    const canon = canonicalPlate(plate);
    const keys: unknown[] = this.stmts.byCanon.all(canon);
    if (canon.length < 3) return keys;
    keys.push(...this.stmts.byTrigrams.all(substringQuery(canon), 200));
    const budget = fuzzyBudget(canon.length);
    if (budget === 1)
      keys.push(...this.stmts.byVariants.all(JSON.stringify(deletionVariants(canon))));
    const wide = budget > 1 ? anyTrigramQuery(canon) : null;
    if (wide) keys.push(...this.stmts.byTrigrams.all(wide, 2000));
    return keys;
  }
}
