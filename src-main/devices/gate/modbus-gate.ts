/**
 * Barrier driver for Modbus RTU controllers (register map in ./gate-register-map). A move is
 * only reported done when the position read back from the controller gets there: the station
 * must never wave a car through on the strength of a command that was merely sent.
 */
import type { DeviceStatus, GateState } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { modbusLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import type { GateController, GateMoveResult } from './gate-controller';
import {
  GATE_COIL_BARRIER_COMMAND,
  GATE_DEFAULT_UNIT_ID,
  GATE_FAULT_NONE,
  GATE_INPUT_VEHICLE_LOOP,
  GATE_POSITION_CLOSED,
  GATE_POSITION_OPEN,
  GATE_REGISTER_POSITION,
  describeGateFault,
} from './gate-register-map';
import { ModbusError, ModbusRtuMaster } from './modbus-rtu';

export interface ModbusGateOptions {
  id: string;
  /** Serial device of the controller, e.g. /dev/ttyUSB0. */
  path: string;
  /** The line's settings. Default 9600 8E1 (Modbus RTU's default). */
  line?: LineSettings;
  label?: string;
  unitId?: number;
  /** How long a move may take before it is reported as a fault. Default 4000 ms. */
  moveTimeoutMs?: number;
  /** Position polling period while moving. Default 100 ms. */
  pollIntervalMs?: number;
  /** Modbus response timeout per request. Default 500 ms. */
  responseTimeoutMs?: number;
}

interface Reading {
  position: number;
  faultCode: number;
}

export class ModbusGateController implements GateController {
  readonly id: string;
  private readonly link: SerialLink;
  private readonly master: ModbusRtuMaster;
  private readonly tracker: DeviceStatusTracker;
  private readonly moveTimeoutMs: number;
  private readonly pollIntervalMs: number;
  /** Bumped by every move and by dispose, so an older move loop knows to stop polling. */
  private moveSeq = 0;
  /**
   * Why the last move failed although the controller answered. Keeps health at 'fault' until a
   * move succeeds, so a barrier that does not move is not shown as healthy.
   */
  private moveFault: string | null = null;
  private disposed = false;

  constructor(options: ModbusGateOptions) {
    this.id = options.id;
    this.moveTimeoutMs = options.moveTimeoutMs ?? 4000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    const line = options.line ?? modbusLine();
    this.link = new SerialLink({ path: options.path, ...line });
    this.master = new ModbusRtuMaster(this.link, {
      unitId: options.unitId ?? GATE_DEFAULT_UNIT_ID,
      line,
      responseTimeoutMs: options.responseTimeoutMs ?? 500,
    });
    this.tracker = new DeviceStatusTracker(
      { id: options.id, kind: 'gate', label: options.label ?? `Gate ${options.id}` },
      'not contacted yet',
    );
    this.link.onError((error) =>
      this.tracker.set('offline', `serial port error: ${error.message}`),
    );
    this.link.onClose((error) => {
      if (error) this.tracker.set('offline', `serial port closed: ${error.message}`);
    });
  }

  /** The last known health, for showing something before the first change arrives. */
  get status(): DeviceStatus {
    return this.tracker.current;
  }

  openBarrier(): Promise<GateMoveResult> {
    return this.move(true);
  }

  closeBarrier(): Promise<GateMoveResult> {
    return this.move(false);
  }

  async readState(): Promise<{ state: GateState; position: number | null }> {
    try {
      const reading = await this.readPosition();
      const [commandOpen] = await this.master.readCoils(GATE_COIL_BARRIER_COMMAND, 1);
      return { state: stateOf(reading, commandOpen ?? false), position: reading.position };
    } catch (error) {
      this.reportFailure(error);
      return { state: 'unknown', position: null };
    }
  }

  /** True when a vehicle is over the barrier's induction loop; null if it cannot be read. */
  async readVehicleLoop(): Promise<boolean | null> {
    try {
      await this.ensureOpen();
      const [occupied] = await this.master.readDiscreteInputs(GATE_INPUT_VEHICLE_LOOP, 1);
      return occupied ?? null;
    } catch (error) {
      this.reportFailure(error);
      return null;
    }
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.moveSeq++;
    this.master.dispose();
    this.tracker.clear();
    await this.link.close();
  }

  private async move(open: boolean): Promise<GateMoveResult> {
    const seq = ++this.moveSeq;
    const goal = open ? GATE_POSITION_OPEN : GATE_POSITION_CLOSED;
    const goalState: GateState = open ? 'open' : 'closed';
    const deadline = Date.now() + this.moveTimeoutMs;
    try {
      await this.ensureOpen();
      await this.master.writeSingleCoil(GATE_COIL_BARRIER_COMMAND, open);
    } catch (error) {
      const why = this.reportFailure(error);
      return { state: 'fault', position: null, detail: `cannot command the barrier: ${why}` };
    }

    let last: Reading | null = null;
    let lastError: unknown = null;
    for (;;) {
      if (seq !== this.moveSeq) {
        const state: GateState = last ? (open ? 'opening' : 'closing') : 'unknown';
        return { state, position: last?.position ?? null, detail: 'superseded by a newer command' };
      }
      try {
        last = await this.readPosition();
        lastError = null;
        if (last.faultCode !== GATE_FAULT_NONE) {
          return { state: 'fault', position: last.position, detail: this.reportReading(last) };
        }
        if (last.position === goal) {
          this.moveFault = null;
          this.reportReading(last);
          return { state: goalState, position: goal, detail: `barrier ${goalState}` };
        }
      } catch (error) {
        lastError = error; // one lost poll is not a failure yet; the deadline decides
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await delay(Math.min(this.pollIntervalMs, left));
    }

    if (lastError) {
      const why = this.reportFailure(lastError);
      return { state: 'fault', position: last?.position ?? null, detail: why };
    }
    const where = last ? `stuck at position ${last.position}` : 'position never read';
    const detail = `barrier did not reach ${goalState} within ${this.moveTimeoutMs} ms (${where})`;
    this.moveFault = detail;
    this.tracker.set('fault', detail);
    return { state: 'fault', position: last?.position ?? null, detail };
  }

  private async readPosition(): Promise<Reading> {
    await this.ensureOpen();
    const [position = 0, faultCode = 0] = await this.master.readHoldingRegisters(
      GATE_REGISTER_POSITION,
      2,
    );
    const reading = { position: Math.min(position, GATE_POSITION_OPEN), faultCode };
    this.reportReading(reading);
    return reading;
  }

  private async ensureOpen(): Promise<void> {
    if (this.disposed) throw new Error(`gate ${this.id} has been disposed`);
    // Reopens after an unplug/replug, so a recovered controller comes back without a restart.
    if (!this.link.isOpen) await this.link.open();
  }

  /** Maps a successful read to health; returns the fault description (or 'ok'). */
  private reportReading(reading: Reading): string {
    if (reading.faultCode !== GATE_FAULT_NONE) {
      const detail = describeGateFault(reading.faultCode);
      this.tracker.set('fault', detail);
      return detail;
    }
    if (this.moveFault) {
      this.tracker.set('fault', this.moveFault);
      return this.moveFault;
    }
    this.tracker.set('ok', 'controller answering');
    return 'ok';
  }

  /** No answer (or no port) means offline; a refusal or garbled answer means fault. */
  private reportFailure(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const offline =
      !(error instanceof ModbusError) || error.kind === 'timeout' || error.kind === 'transport';
    const detail = offline ? `controller not answering: ${message}` : message;
    this.tracker.set(offline ? 'offline' : 'fault', detail);
    return detail;
  }
}

function stateOf(reading: Reading, commandOpen: boolean): GateState {
  if (reading.faultCode !== GATE_FAULT_NONE) return 'fault';
  if (commandOpen) return reading.position >= GATE_POSITION_OPEN ? 'open' : 'opening';
  return reading.position <= GATE_POSITION_CLOSED ? 'closed' : 'closing';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
