import type { Db } from '../database';

/** A fuel sale waiting for the cashier's plate (migration 19), or the plate the cashier gave. */
export interface FuelPlateCheck {
  saleId: string;
  laneId: string;
  /** What the pump lane's camera read, if anything. */
  readPlate: string | null;
  confidence: number | null;
  /** The cashier's plate; null while the sale still waits for it. */
  plate: string | null;
  confirmedBy: string | null;
  confirmedAt: number | null;
}

const columns = `sale_id AS saleId, lane_id AS laneId, read_plate AS readPlate, confidence,
  plate, confirmed_by AS confirmedBy, confirmed_at AS confirmedAt`;

/** Fuel sales whose plate the cashier is asked for. The fuel-sale service owns the rules. */
export class FuelPlateCheckRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      open: db.prepare(`INSERT INTO fuel_sale_plate_checks (sale_id, lane_id, read_plate,
        confidence) VALUES (@saleId, @laneId, @readPlate, @confidence)`),
      confirm: db.prepare(`UPDATE fuel_sale_plate_checks SET plate = ?, confirmed_by = ?,
        confirmed_at = ? WHERE sale_id = ? AND plate IS NULL`),
      get: db.prepare(`SELECT ${columns} FROM fuel_sale_plate_checks WHERE sale_id = ?`),
      waiting: db.prepare(
        `SELECT ${columns} FROM fuel_sale_plate_checks WHERE plate IS NULL ORDER BY sale_id`,
      ),
    };
  }

  open(check: Pick<FuelPlateCheck, 'saleId' | 'laneId' | 'readPlate' | 'confidence'>): void {
    this.stmts.open.run(check);
  }

  /** Sets the cashier's plate; false when the sale was not waiting for one. */
  confirm(saleId: string, plate: string, by: string, at: number): boolean {
    return this.stmts.confirm.run(plate, by, at, saleId).changes === 1;
  }

  get(saleId: string): FuelPlateCheck | null {
    return (this.stmts.get.get(saleId) as FuelPlateCheck | undefined) ?? null;
  }

  /** Sales still waiting for the cashier's plate. */
  waiting(): FuelPlateCheck[] {
    return this.stmts.waiting.all() as FuelPlateCheck[];
  }
}
