import { join } from 'node:path';
import { ModbusGateController } from '../devices/gate/modbus-gate';
import type { GateController } from '../devices/gate/gate-controller';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import { SerialEscPosPrinter } from '../devices/printer/receipt-printer';
import { startSimulatedDevices, type SimulatedDevices } from '../devices/simulated-devices';
import type { StationConfig } from './config';

export interface StationDevices {
  gates: Map<string, GateController>;
  printer: ReceiptPrinter;
  /** Present when any device is simulated (the embedded demo, and tests). */
  simulated: SimulatedDevices | null;
  dispose(): Promise<void>;
}

/**
 * Connects the configured gates and printer. Simulated ones run their simulator on the far
 * end of a socat pty pair, so the station drives them through the very same serial drivers.
 */
export async function connectDevices(config: StationConfig): Promise<StationDevices> {
  const simulatedGates = config.lanes.filter((l) => l.gate.kind === 'simulated').map((l) => l.id);
  const needsSim = simulatedGates.length > 0 || config.printer.kind === 'simulated';
  const simulated = needsSim
    ? await startSimulatedDevices({
        dir: join(config.dataDir, 'devices'),
        gates: simulatedGates,
        printerOutDir: join(config.dataDir, 'receipts'),
      })
    : null;

  const gates = new Map<string, GateController>();
  for (const lane of config.lanes) {
    const path = lane.gate.kind === 'modbus' ? lane.gate.path : simulated!.gatePaths[lane.id]!;
    const unitId = lane.gate.kind === 'modbus' ? lane.gate.unitId : undefined;
    gates.set(
      lane.id,
      new ModbusGateController({ id: `gate-${lane.id}`, label: `${lane.name} gate`, path, unitId }),
    );
  }
  const printer = new SerialEscPosPrinter({
    id: 'printer',
    label: 'Receipt printer',
    path: config.printer.kind === 'escpos' ? config.printer.path : simulated!.printerPath,
    baudRate: config.printer.kind === 'escpos' ? config.printer.baudRate : undefined,
  });

  return {
    gates,
    printer,
    simulated,
    async dispose() {
      await Promise.allSettled([...gates.values()].map((g) => g.dispose()));
      await printer.dispose().catch(() => undefined);
      await simulated?.stop();
    },
  };
}
