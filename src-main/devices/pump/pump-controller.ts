/**
 * The forecourt (pump) controller as the console sees it: the pumps' states, the customer at
 * the nozzle, deliveries as they run and as they end, and the console's commands (authorise,
 * optionally for a prepaid amount; stop; clear a delivery once it is a sale). The driver for
 * controllers speaking FCL/1 over a serial line is ./fcl-pump-controller; the protocol is in
 * ./PROTOCOL.md.
 *
 * Units are the fuel domain's (src-shared/domain/fuel): volumes in integer millilitres, unit
 * prices in thousandths of the minor unit per litre, amounts in integer minor units.
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';
import type { Minor } from '../../../src-shared/domain/money';
import type { Millilitres, UnitPrice } from '../../../src-shared/domain/fuel';

/**
 * idle: nozzles hung up, nothing authorised. calling: a nozzle is up and the pump waits to be
 * authorised. authorised: it may deliver (as soon as a nozzle is up). fuelling: delivering.
 * stopped: the delivery ended (a preset reached, or stopped by the console) with the nozzle
 * still up; idle again once it is hung up.
 */
export type PumpState = 'idle' | 'calling' | 'authorised' | 'fuelling' | 'stopped';

export interface PumpStatus {
  pump: number;
  state: PumpState;
  /** The nozzle that is up, if any. */
  nozzle: number | null;
  /** That nozzle's grade. */
  grade: string | null;
  /** The authorisation the pump runs under (authorised, fuelling, stopped). */
  authId: string | null;
  /** The prepaid amount of that authorisation, if it was a preset. */
  presetMinor: Minor | null;
}

/** hung-up: the customer hung the nozzle up; preset: the prepaid amount was reached; stopped: the console stopped it. */
export type DeliveryEndReason = 'hung-up' | 'preset' | 'stopped';

/**
 * A finished delivery, as the dispenser measured it. The controller keeps it until the
 * console clears it, and reports it again on `deliveries()`, so none is lost to a dropped line
 * or a restart; `deliveryId` is unique per controller, so a repeat is recognised.
 */
export interface DeliveryEnd {
  pump: number;
  deliveryId: string;
  authId: string;
  nozzle: number;
  grade: string;
  millilitres: Millilitres;
  unitPrice: UnitPrice;
  /** The dispenser's amount: fuelAmount(millilitres, unitPrice) for a controller that follows FCL/1. */
  amountMinor: Minor;
  presetMinor: Minor | null;
  reason: DeliveryEndReason;
}

export type PumpEvent =
  | { kind: 'pump'; status: PumpStatus }
  | { kind: 'nozzle'; pump: number; nozzle: number; up: boolean; grade: string }
  | {
      kind: 'progress';
      pump: number;
      authId: string;
      grade: string;
      millilitres: Millilitres;
      amountMinor: Minor;
    }
  | { kind: 'delivery-end'; delivery: DeliveryEnd }
  /** A line from the controller the console could not take (garbled, or no message it knows). */
  | { kind: 'line-error'; detail: string }
  /** The controller could not take a line of the console's (it says so with `* ERR`). */
  | { kind: 'controller-error'; code: number; detail: string };

/**
 * How a command ended. `code` is the controller's error code (see PROTOCOL.md: 404 unknown
 * pump or delivery, 409 the pump's state does not allow it…), or null when it never answered.
 */
export type CommandResult = { ok: true } | { ok: false; code: number | null; detail: string };

export interface AuthoriseRequest {
  pump: number;
  /**
   * Chosen by the console, unique per authorisation: 1..32 of A-Z a-z 0-9 . _ -, a letter or
   * digit first. It comes back
   * on the delivery. Authorising a pump again under the same id is answered OK and changes
   * nothing, so a resend can never authorise twice.
   */
  authId: string;
  /** A prepaid amount, at least 1: the pump stops when the delivery reaches it. */
  presetMinor?: Minor;
}

export interface PumpController {
  readonly id: string;
  /**
   * Authorises a pump (a preset stops the delivery at that amount). Resolves with the result;
   * never rejects, except with a RangeError for a request the protocol cannot carry.
   */
  authorise(request: AuthoriseRequest): Promise<CommandResult>;
  /** Stops a pump: ends its delivery or cancels its authorisation. Never rejects. */
  stop(pump: number): Promise<CommandResult>;
  /** Tells the controller a delivery is now the console's (a sale): it stops reporting it. */
  clear(pump: number, deliveryId: string): Promise<CommandResult>;
  /** Every pump's status, or one pump's. Never rejects. */
  pumps(
    pump?: number,
  ): Promise<{ ok: true; pumps: PumpStatus[] } | Extract<CommandResult, { ok: false }>>;
  /** Every finished delivery not yet cleared. Never rejects. */
  deliveries(): Promise<
    { ok: true; deliveries: DeliveryEnd[] } | Extract<CommandResult, { ok: false }>
  >;
  /**
   * What the controller reports by itself, as it comes. Events arrive while the line is open:
   * any command or checkStatus() opens it, and the driver reopens it by itself after a loss.
   */
  onEvent(listener: (event: PumpEvent) => void): () => void;
  /** Opens the line if needed, asks the controller for its pumps, and reports health. */
  checkStatus(): Promise<DeviceStatus>;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  dispose(): Promise<void>;
}
