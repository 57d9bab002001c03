import { normalizePlate, StationError } from '../../src-shared';
import type {
  FuelPlateCheck,
  FuelPlateCheckRepository,
} from '../db/repositories/fuel-plate-check-repository';
import type { FuelSale } from '../db/repositories/fuel-sale-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';

/**
 * The cashier's answer to a fuel sale waiting for its plate (a doubtful read at the pump lane,
 * or none): the plate is kept beside the sale (its recorded facts never change) and journaled
 * as fuelSale.plateConfirmed in one transaction, so loyalty and the operator learn it.
 */
export class FuelPlateChecks {
  constructor(
    private readonly d: {
      checks: Pick<FuelPlateCheckRepository, 'get' | 'confirm' | 'waiting'>;
      journal: JournalWriter;
      transact: Transact;
      clock: Clock;
    },
  ) {}

  /** The plate a sale goes by: read at the lane, else the cashier's; null while neither is. */
  plateOf(sale: Pick<FuelSale, 'id' | 'plate'>): string | null {
    return sale.plate ?? this.d.checks.get(sale.id)?.plate ?? null;
  }

  /** Sales still waiting for the cashier's plate. */
  waiting(): FuelPlateCheck[] {
    return this.d.checks.waiting();
  }

  /** Gives a waiting sale its plate; throws StationError for a bad plate or a settled check. */
  confirm(saleId: string, raw: string, operator: { name: string }): FuelPlateCheck {
    const checked = normalizePlate(raw);
    if (!checked.ok) {
      throw new StationError('INVALID_PAYLOAD', checked.message, [
        { path: 'plate', message: checked.message },
      ]);
    }
    return this.d.transact(() => {
      const check = this.d.checks.get(saleId);
      if (!check) throw new StationError('NOT_FOUND', `Fuel sale ${saleId} waits for no plate.`);
      if (check.plate !== null) {
        throw new StationError(
          'CONFLICT',
          `Fuel sale ${saleId} already has the plate ${check.plate} (${check.confirmedBy}).`,
        );
      }
      const at = this.d.clock();
      this.d.checks.confirm(saleId, checked.plate, operator.name, at);
      this.d.journal.append(
        {
          type: 'fuelSale.plateConfirmed',
          aggregateId: saleId,
          actor: operator.name,
          payload: { plate: checked.plate, readPlate: check.readPlate },
        },
        at,
      );
      return { ...check, plate: checked.plate, confirmedBy: operator.name, confirmedAt: at };
    });
  }
}
