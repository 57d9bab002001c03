import { StationError, normalizePlate } from '../../src-shared';
import { findGrade, formatLitres, fuelAmount } from '../../src-shared/domain/fuel';
import type { FuelPlateCheckRepository } from '../db/repositories/fuel-plate-check-repository';
import type { FuelSale, FuelSaleRepository } from '../db/repositories/fuel-sale-repository';
import type { DeliveryEnd, PumpController } from '../devices/pump/pump-controller';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { ForecourtConfig } from '../platform/forecourt-config';
import { newId } from './ids';
import type { Transact } from './ports';

export interface FuelSaleServiceDeps {
  sales: Pick<FuelSaleRepository, 'insert' | 'byDelivery'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  /** The pump lanes and grades (station.json `forecourt`). */
  forecourt: Pick<ForecourtConfig, 'lanes' | 'grades'>;
  /** The station's currency (the tariffs'): grades are priced in it. */
  currency: string;
  /** Where a sale whose plate the cashier must give waits (none: no camera at the pumps). */
  plateChecks?: Pick<FuelPlateCheckRepository, 'open'>;
}

/**
 * The plate read at the pump lane: a sure plate (the gates' confidence rule, readIsConfident),
 * none (no camera there), or a read the cashier must confirm (doubtful, or none at all where a
 * camera watches): the sale is then recorded without a plate and waits for the cashier's.
 */
export type PlateAtPump =
  string | null | { toConfirm: true; readPlate: string | null; confidence: number | null };

export interface DeliveryInput {
  /** The pump controller that reported the delivery (its device id). */
  controllerId: string;
  delivery: DeliveryEnd;
  /** The plate read at the pump lane. */
  plate: PlateAtPump;
  /** Who the journal names: the station itself unless a cashier did it. */
  actor?: string;
}

export type FuelSaleOutcome =
  /** A new sale, due at the booth, committed with its journal event. */
  | { kind: 'recorded'; sale: FuelSale }
  /** The controller reported a delivery already recorded (it does until cleared): no new sale. */
  | { kind: 'repeat'; sale: FuelSale }
  /** Nothing was delivered (0 ml): no sale. */
  | { kind: 'empty' };

export interface CatchUpReport {
  recorded: FuelSale[];
  repeats: number;
  empty: number;
  /** Deliveries that could not become sales: left on the controller, to be looked at. */
  refused: Array<{ deliveryId: string; pump: number; detail: string }>;
  /** Deliveries made sales but not cleared (the controller will report them again). */
  uncleared: string[];
}

/**
 * Fuel sales: a delivery a pump controller reported (src-main/devices/pump) becomes a sale due
 * at the booth, carrying the lane, pump, nozzle, grade, millilitres, unit price, amount and
 * plate, committed with its journal event in one transaction. Exactly once: the controller
 * keeps reporting a finished delivery until it is cleared, so a delivery is cleared only after
 * its sale committed, and one already recorded (by controller and delivery id) is a repeat.
 *
 * The sale keeps what the dispenser measured and the unit price the delivery ran at (the
 * dispenser is the legal measuring instrument; a price changed mid-delivery does not change
 * it). Its amount must be the fuel domain's one rule applied to those (fuelAmount), and a
 * prepaid delivery may not exceed its preset; a delivery that breaks either, or comes from a
 * pump or nozzle the forecourt does not have, is refused (a CONFLICT) and left on the
 * controller, never recorded with a guessed amount.
 *
 * Paying a sale (any tender at the booth, the operator's app, a prepay's underrun refunded)
 * is not here: the payment layer moves a sale from due to paid.
 */
export class FuelSaleService {
  constructor(private readonly d: FuelSaleServiceDeps) {}

  /** Turns a reported delivery into a due sale (or recognises it). Throws StationError. */
  record(input: DeliveryInput): FuelSaleOutcome {
    const { delivery } = input;
    if (delivery.millilitres === 0) return { kind: 'empty' };
    const toConfirm = typeof input.plate === 'object' ? input.plate : null;
    const plate = this.plate(toConfirm ? null : (input.plate as string | null));
    return this.d.transact(() => {
      const known = this.d.sales.byDelivery(input.controllerId, delivery.deliveryId);
      if (known) {
        if (!sameDelivery(known, delivery)) {
          throw new StationError(
            'CONFLICT',
            `${input.controllerId} reported delivery ${delivery.deliveryId} again with other ` +
              `facts (pump ${delivery.pump}, ${delivery.millilitres} ml, ${delivery.amountMinor}); ` +
              `the sale keeps pump ${known.pump}, ${known.millilitres} ml, ${known.amountMinor}`,
          );
        }
        return { kind: 'repeat', sale: known };
      }
      const at = this.d.clock();
      const sale: FuelSale = {
        id: newId('F', at),
        controllerId: input.controllerId,
        deliveryId: delivery.deliveryId,
        laneId: this.laneOf(delivery),
        pump: delivery.pump,
        nozzle: delivery.nozzle,
        gradeId: delivery.grade,
        gradeName: this.gradeName(delivery.grade),
        millilitres: delivery.millilitres,
        unitPrice: delivery.unitPrice,
        amountMinor: this.amountOf(delivery),
        currency: this.d.currency,
        authId: delivery.authId,
        presetMinor: delivery.presetMinor,
        endReason: delivery.reason,
        plate,
        state: 'due',
        deliveredAt: at,
      };
      this.d.sales.insert(sale);
      this.d.journal.append(
        {
          type: 'fuelSale.recorded',
          aggregateId: sale.id,
          actor: input.actor ?? 'station',
          payload: {
            laneId: sale.laneId,
            controllerId: sale.controllerId,
            deliveryId: sale.deliveryId,
            pump: sale.pump,
            nozzle: sale.nozzle,
            gradeId: sale.gradeId,
            gradeName: sale.gradeName,
            millilitres: sale.millilitres,
            unitPrice: sale.unitPrice,
            amountMinor: sale.amountMinor,
            currency: sale.currency,
            authId: sale.authId,
            presetMinor: sale.presetMinor,
            endReason: sale.endReason,
            plate: sale.plate,
          },
        },
        at,
      );
      if (toConfirm) this.askForPlate(sale, toConfirm, input.actor, at);
      return { kind: 'recorded', sale };
    });
  }

  /**
   * Records a delivery the controller just reported, then clears it on the controller. A
   * refused delivery is not cleared (the error is thrown): the controller keeps it.
   */
  async intake(
    controller: Pick<PumpController, 'id' | 'clear'>,
    delivery: DeliveryEnd,
    plate: PlateAtPump,
    actor?: string,
  ): Promise<FuelSaleOutcome & { cleared: boolean }> {
    const outcome = this.record({ controllerId: controller.id, delivery, plate, actor });
    const cleared = await controller.clear(delivery.pump, delivery.deliveryId);
    return { ...outcome, cleared: cleared.ok };
  }

  /**
   * Takes every delivery the controller still holds (after a start, a reconnect, a lost line):
   * each becomes a sale once, and is cleared. `plateFor` gives the plate read for a delivery.
   */
  async catchUp(
    controller: Pick<PumpController, 'id' | 'clear' | 'deliveries'>,
    plateFor: (delivery: DeliveryEnd) => PlateAtPump,
  ): Promise<CatchUpReport | { failed: string }> {
    const held = await controller.deliveries();
    if (!held.ok) return { failed: held.detail };
    const report: CatchUpReport = {
      recorded: [],
      repeats: 0,
      empty: 0,
      refused: [],
      uncleared: [],
    };
    for (const delivery of held.deliveries) {
      let outcome: FuelSaleOutcome & { cleared: boolean };
      try {
        outcome = await this.intake(controller, delivery, plateFor(delivery));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        report.refused.push({ deliveryId: delivery.deliveryId, pump: delivery.pump, detail });
        continue;
      }
      if (outcome.kind === 'recorded') report.recorded.push(outcome.sale);
      else if (outcome.kind === 'repeat') report.repeats++;
      else report.empty++;
      if (!outcome.cleared) report.uncleared.push(delivery.deliveryId);
    }
    return report;
  }

  /** In the sale's transaction: it waits for the cashier's plate (fuel_sale_plate_checks). */
  private askForPlate(
    sale: FuelSale,
    read: { readPlate: string | null; confidence: number | null },
    actor: string | undefined,
    at: number,
  ): void {
    const readPlate = read.readPlate?.toUpperCase().slice(0, 16) ?? null;
    this.d.plateChecks?.open({
      saleId: sale.id,
      laneId: sale.laneId,
      readPlate,
      confidence: read.confidence,
    });
    this.d.journal.append(
      {
        type: 'fuelSale.plateToConfirm',
        aggregateId: sale.id,
        actor: actor ?? 'station',
        payload: { laneId: sale.laneId, readPlate, confidence: read.confidence },
      },
      at,
    );
  }

  private plate(raw: string | null): string | null {
    if (raw === null) return null;
    const checked = normalizePlate(raw);
    if (!checked.ok) throw new StationError('INVALID_PAYLOAD', checked.message);
    return checked.plate;
  }

  private laneOf(d: DeliveryEnd): string {
    for (const lane of this.d.forecourt.lanes) {
      const pump = lane.pumps.find((p) => p.pump === d.pump);
      if (!pump) continue;
      const nozzle = pump.nozzles.find((n) => n.nozzle === d.nozzle);
      if (!nozzle) {
        throw new StationError('CONFLICT', `pump ${d.pump} has no nozzle ${d.nozzle} here`);
      }
      if (nozzle.grade !== d.grade) {
        throw new StationError(
          'CONFLICT',
          `pump ${d.pump} nozzle ${d.nozzle} is ${nozzle.grade} here, the controller says ${d.grade}`,
        );
      }
      return lane.id;
    }
    throw new StationError('CONFLICT', `pump ${d.pump} is on no pump lane`);
  }

  private gradeName(id: string): string {
    const grade = findGrade(this.d.forecourt.grades, id);
    if (!grade) throw new StationError('CONFLICT', `no grade ${id} is configured`);
    return grade.name;
  }

  private amountOf(d: DeliveryEnd): number {
    const amount = fuelAmount(d.millilitres, d.unitPrice);
    if (amount !== d.amountMinor) {
      throw new StationError(
        'CONFLICT',
        `pump ${d.pump} says ${d.amountMinor} for ${formatLitres(d.millilitres)} l at ` +
          `${d.unitPrice}, but the rule gives ${amount}: the dispenser's price computer disagrees`,
      );
    }
    if (d.presetMinor !== null && amount > d.presetMinor) {
      throw new StationError(
        'CONFLICT',
        `pump ${d.pump} delivered ${amount}, over its preset of ${d.presetMinor}`,
      );
    }
    return amount;
  }
}

function sameDelivery(sale: FuelSale, d: DeliveryEnd): boolean {
  return (
    sale.pump === d.pump &&
    sale.nozzle === d.nozzle &&
    sale.gradeId === d.grade &&
    sale.millilitres === d.millilitres &&
    sale.unitPrice === d.unitPrice &&
    sale.amountMinor === d.amountMinor &&
    sale.authId === d.authId
  );
}
