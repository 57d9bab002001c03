/**
 * Simulated barrier controller: a Modbus RTU slave on the device end of a pty pair, using the
 * register map in ./gate-register-map. The arm travels 0→100 over `travelTimeMs`, closes by
 * itself after `holdOpenMs` (never while a vehicle is on the loop), and can be jammed.
 */
import { interFrameSilenceMs, modbusLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import {
  GATE_COIL_BARRIER_COMMAND,
  GATE_DEFAULT_UNIT_ID,
  GATE_FAULT_NONE,
  GATE_FAULT_STALLED,
  GATE_INPUT_VEHICLE_LOOP,
  GATE_POSITION_CLOSED,
  GATE_POSITION_OPEN,
  GATE_REGISTER_FAULT_CODE,
  GATE_REGISTER_POSITION,
} from './gate-register-map';
import { ExceptionCode } from './modbus-frame';
import {
  ModbusRtuSlave,
  ModbusSlaveException,
  type ModbusDataModel,
  type ModbusReplyFaults,
  type ModbusSlaveCounters,
} from './modbus-slave';

export interface GateSimulatorOptions {
  /** The device end of the pty pair. */
  path: string;
  unitId?: number;
  /** The line's settings, as the station's side uses them. Default 9600 8E1. */
  line?: LineSettings;
  /** Time for a full 0→100 (or 100→0) travel. Default 800 ms. */
  travelTimeMs?: number;
  /** Auto-close delay once fully open. Default 5000 ms; 0 = stay open until commanded. */
  holdOpenMs?: number;
}

const TICK_MS = 20;
const LOOP_RECHECK_MS = 200;

export class GateSimulator {
  private positionValue: number = GATE_POSITION_CLOSED;
  private target: number = GATE_POSITION_CLOSED;
  private commandOpen = false;
  private jammed = false;
  private fault: number = GATE_FAULT_NONE;
  private loop = false;
  private motionTimer: NodeJS.Timeout | undefined;
  private holdTimer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private readonly slave: ModbusRtuSlave;
  private readonly travelTimeMs: number;
  private readonly holdOpenMs: number;

  private constructor(
    private readonly link: SerialLink,
    options: GateSimulatorOptions,
  ) {
    this.travelTimeMs = options.travelTimeMs ?? 800;
    this.holdOpenMs = options.holdOpenMs ?? 5000;
    this.slave = new ModbusRtuSlave(link, {
      unitId: options.unitId ?? GATE_DEFAULT_UNIT_ID,
      model: this.dataModel(),
      frameGapMs: Math.max(20, 2 * interFrameSilenceMs(link.line)),
    });
  }

  static async start(options: GateSimulatorOptions): Promise<GateSimulator> {
    const link = new SerialLink({ path: options.path, ...(options.line ?? modbusLine()) });
    await link.open();
    return new GateSimulator(link, options);
  }

  /** Current arm position as the controller reports it (0 down … 100 up). */
  get position(): number {
    return Math.round(this.positionValue);
  }

  get faultCode(): number {
    return this.fault;
  }

  get loopOccupied(): boolean {
    return this.loop;
  }

  /** Requests answered, corrupted frames dropped, frames for other units ignored. */
  get counters(): Readonly<ModbusSlaveCounters> {
    return this.slave.counters;
  }

  /** The line settings this controller's port was opened with. */
  get line(): LineSettings {
    return this.link.line;
  }

  /** See ModbusRtuSlave.requestGapsMs: the silence before each request, seen from here. */
  get requestGapsMs(): readonly number[] {
    return this.slave.requestGapsMs;
  }

  /** The next reply comes with a stray byte before it, or a write's echo altered. */
  injectReplyFaults(faults: ModbusReplyFaults): void {
    this.slave.injectFaults(faults);
  }

  /** A jammed arm stops where it is and reports a stall fault until released. */
  jam(on: boolean): void {
    this.jammed = on;
    this.fault = on ? GATE_FAULT_STALLED : GATE_FAULT_NONE;
    if (!on) this.startMotion();
  }

  /** Puts a vehicle on (or takes it off) the induction loop under the barrier. */
  setLoop(occupied: boolean): void {
    this.loop = occupied;
  }

  async stop(): Promise<void> {
    clearInterval(this.motionTimer);
    clearTimeout(this.holdTimer);
    this.slave.dispose();
    await this.link.close();
  }

  private command(open: boolean): void {
    this.commandOpen = open;
    this.target = open ? GATE_POSITION_OPEN : GATE_POSITION_CLOSED;
    clearTimeout(this.holdTimer);
    this.startMotion();
  }

  private startMotion(): void {
    if (this.motionTimer || this.positionValue === this.target) return;
    this.lastTick = Date.now();
    this.motionTimer = setInterval(() => this.tick(), TICK_MS);
    this.motionTimer.unref();
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    if (this.jammed) return;
    const step =
      this.travelTimeMs > 0 ? (elapsed * GATE_POSITION_OPEN) / this.travelTimeMs : Infinity;
    const remaining = this.target - this.positionValue;
    this.positionValue =
      Math.abs(remaining) <= step ? this.target : this.positionValue + Math.sign(remaining) * step;
    if (this.positionValue !== this.target) return;

    clearInterval(this.motionTimer);
    this.motionTimer = undefined;
    if (this.target === GATE_POSITION_OPEN && this.holdOpenMs > 0) {
      this.scheduleAutoClose(this.holdOpenMs);
    }
  }

  private scheduleAutoClose(delayMs: number): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      // Real controllers never lower the arm onto a vehicle: wait for the loop to clear.
      if (this.loop) this.scheduleAutoClose(LOOP_RECHECK_MS);
      else this.command(false);
    }, delayMs);
    this.holdTimer.unref();
  }

  private dataModel(): ModbusDataModel {
    return {
      readCoils: (address, count) => {
        requireSpan(address, count, GATE_COIL_BARRIER_COMMAND, 1);
        return [this.commandOpen];
      },
      readDiscreteInputs: (address, count) => {
        requireSpan(address, count, GATE_INPUT_VEHICLE_LOOP, 1);
        return [this.loop];
      },
      readHoldingRegisters: (address, count) => {
        requireSpan(address, count, GATE_REGISTER_POSITION, 2);
        return [this.position, this.fault].slice(address, address + count);
      },
      writeSingleCoil: (address, on) => {
        requireSpan(address, 1, GATE_COIL_BARRIER_COMMAND, 1);
        this.command(on);
      },
      writeSingleRegister: (address, value) => {
        // Only the fault code is writable, and only to reset it (0).
        if (address !== GATE_REGISTER_FAULT_CODE) {
          throw new ModbusSlaveException(ExceptionCode.illegalDataAddress);
        }
        if (value !== GATE_FAULT_NONE) {
          throw new ModbusSlaveException(ExceptionCode.illegalDataValue);
        }
        this.fault = this.jammed ? GATE_FAULT_STALLED : GATE_FAULT_NONE;
      },
    };
  }
}

/** Rejects reads outside [first, first + size) with "illegal data address". */
function requireSpan(address: number, count: number, first: number, size: number): void {
  if (address < first || address + count > first + size) {
    throw new ModbusSlaveException(ExceptionCode.illegalDataAddress);
  }
}
