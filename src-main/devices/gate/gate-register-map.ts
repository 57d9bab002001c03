/**
 * Register map of the barrier controller, shared by the station driver and the simulator.
 *
 * | Table            | Address | Meaning                                                  |
 * |------------------|---------|----------------------------------------------------------|
 * | Coil             | 0       | Barrier command: 0xFF00 (on) = open, 0x0000 (off) = close |
 * | Discrete input   | 0       | Vehicle loop occupied (1 = a vehicle is over the loop)   |
 * | Holding register | 0       | Barrier position: 0 = fully down … 100 = fully up (R/O)  |
 * | Holding register | 1       | Fault code: 0 = ok, anything else = fault (write 0 = reset) |
 *
 * Serial settings: per gate in the station config, 9600 8E1 (Modbus RTU's default) unless set;
 * see ../serial/line-settings. Default unit id 1.
 */

export const GATE_COIL_BARRIER_COMMAND = 0;
export const GATE_INPUT_VEHICLE_LOOP = 0;
export const GATE_REGISTER_POSITION = 0;
export const GATE_REGISTER_FAULT_CODE = 1;

export const GATE_POSITION_CLOSED = 0;
export const GATE_POSITION_OPEN = 100;

export const GATE_FAULT_NONE = 0;
/** The motor is driven but the barrier does not move (obstruction, broken arm, seized gear). */
export const GATE_FAULT_STALLED = 2;

export const GATE_DEFAULT_UNIT_ID = 1;

export function describeGateFault(code: number): string {
  switch (code) {
    case GATE_FAULT_NONE:
      return 'no fault';
    case GATE_FAULT_STALLED:
      return 'barrier motor stalled';
    default:
      return `controller fault code ${code}`;
  }
}
