import type { ParkingSession, SessionState } from '../../../src-shared';
import { canonicalPlate } from '../../../src-shared';
import type { Clock } from '../../platform/clock';
import type { Db } from '../database';

interface SessionRow {
  id: string;
  plate: string;
  zone_id: string;
  tariff_id: string;
  entry_lane_id: string | null;
  entry_at: number;
  entry_photo_id: string | null;
  state: SessionState;
  paid_minor: number;
  exit_by: number | null;
  exit_at: number | null;
  exit_lane_id: string | null;
  exit_photo_id: string | null;
  lost_ticket: number;
  continues_session_id: string | null;
}

export function toSession(r: SessionRow): ParkingSession {
  return {
    id: r.id,
    plate: r.plate,
    zoneId: r.zone_id,
    tariffId: r.tariff_id,
    entryLaneId: r.entry_lane_id,
    entryAt: r.entry_at,
    entryPhotoId: r.entry_photo_id,
    state: r.state,
    paidMinor: r.paid_minor,
    exitBy: r.exit_by,
    exitAt: r.exit_at,
    exitLaneId: r.exit_lane_id,
    exitPhotoId: r.exit_photo_id,
    lostTicket: r.lost_ticket === 1,
    continuesSessionId: r.continues_session_id,
  };
}

const COLUMNS = `id, plate, zone_id, tariff_id, entry_lane_id, entry_at, entry_photo_id, state,
  paid_minor, exit_by, exit_at, exit_lane_id, exit_photo_id, lost_ticket, continues_session_id`;
const IN_LOT = `state IN ('open', 'paid')`;

/** Parking sessions: the aggregate the whole booth revolves around. */
export class SessionRepository {
  private readonly stmts;
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO sessions (${COLUMNS}, plate_canon, updated_at) VALUES
        (@id, @plate, @zoneId, @tariffId, @entryLaneId, @entryAt, @entryPhotoId, @state, @paidMinor,
         @exitBy, @exitAt, @exitLaneId, @exitPhotoId, @lostTicket, @continuesSessionId, @canon, @now)`),
      get: db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`),
      inLotByPlate: db.prepare(
        `SELECT ${COLUMNS} FROM sessions WHERE zone_id = ? AND plate_canon = ? AND ${IN_LOT}`,
      ),
      lastByPlate: db.prepare(
        `SELECT ${COLUMNS} FROM sessions WHERE plate = ? ORDER BY entry_at DESC LIMIT 1`,
      ),
      countInLot: db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE zone_id = ? AND ${IN_LOT}`),
      listInLot: db.prepare(
        `SELECT ${COLUMNS} FROM sessions INDEXED BY sessions_in_lot WHERE zone_id = ? AND ${IN_LOT}`,
      ),
      inLotExitByUntil: db.prepare(
        `SELECT ${COLUMNS} FROM sessions INDEXED BY sessions_in_lot
         WHERE ${IN_LOT} AND exit_by IS NOT NULL AND exit_by <= ? ORDER BY exit_by, id`,
      ),
      update: db.prepare(`UPDATE sessions SET plate = @plate, plate_canon = @canon, state = @state,
        paid_minor = @paidMinor, exit_by = @exitBy, exit_at = @exitAt, exit_lane_id = @exitLaneId,
        exit_photo_id = @exitPhotoId, updated_at = @now WHERE id = @id`),
    };
  }

  /** Bumped by every write, so readers can keep caches of what is in the lot. */
  get writeCount(): number {
    return this.writes;
  }

  insert(s: ParkingSession): void {
    this.writes++;
    this.stmts.insert.run({
      ...s,
      lostTicket: s.lostTicket ? 1 : 0,
      canon: canonicalPlate(s.plate),
      now: this.clock(),
    });
  }

  get(id: string): ParkingSession | null {
    const row = this.stmts.get.get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  /** In-lot sessions whose plate reads the same after folding look-alike characters. */
  inLotByLookalike(zoneId: string, plate: string): ParkingSession[] {
    return (this.stmts.inLotByPlate.all(zoneId, canonicalPlate(plate)) as SessionRow[]).map(
      toSession,
    );
  }

  lastByPlate(plate: string): ParkingSession | null {
    const row = this.stmts.lastByPlate.get(plate) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  countInLot(zoneId: string): number {
    return (this.stmts.countInLot.get(zoneId) as { n: number }).n;
  }

  listInLot(zoneId: string): ParkingSession[] {
    return (this.stmts.listInLot.all(zoneId) as SessionRow[]).map(toSession);
  }

  /**
   * Cars in the lot (every zone) whose paid time ends at or before `until`, soonest first: a
   * scan of the small in-lot index, never of the whole history.
   */
  inLotExitByUntil(until: number): ParkingSession[] {
    return (this.stmts.inLotExitByUntil.all(until) as SessionRow[]).map(toSession);
  }

  /** Writes the mutable fields; identity, zone, tariff and entry never change. */
  update(s: ParkingSession): void {
    this.writes++;
    this.stmts.update.run({
      id: s.id,
      plate: s.plate,
      canon: canonicalPlate(s.plate),
      state: s.state,
      paidMinor: s.paidMinor,
      exitBy: s.exitBy,
      exitAt: s.exitAt,
      exitLaneId: s.exitLaneId,
      exitPhotoId: s.exitPhotoId,
      now: this.clock(),
    });
  }
}
