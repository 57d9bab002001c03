/**
 * Demo mode wiring: one socat pty pair per gate plus one for the receipt printer (and one each
 * for the pole display, the card terminal and the pump controller, when asked), with the
 * simulators on the device ends, on the same line settings as the station's side. The station opens the returned
 * station-side paths exactly as it would open /dev/ttyUSB* on a real booth, so the same drivers
 * run in demo and production.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PoleDisplaySimulator } from './display/pole-display-simulator';
import { GateSimulator, type GateSimulatorOptions } from './gate/gate-simulator';
import type { PrinterProfile } from './printer/printer-profile';
import { PrinterSimulator } from './printer/printer-simulator';
import type { LineSettings } from './serial/line-settings';
import { openPtyPair, type PtyPair } from './serial/pty-pair';
import { CardTerminalSimulator } from './terminal/card-terminal-simulator';
import {
  PumpControllerSimulator,
  type PumpControllerSimulatorOptions,
} from './pump/pump-controller-simulator';

export interface SimulatedDevicesOptions {
  /** Folder for the pty links (e.g. <data dir>/dev); created if missing. */
  dir: string;
  /** Gate ids; each gets its own pty pair and simulator (unit id 1). */
  gates: string[];
  /** Where the printer simulator writes receipt-<n>.txt / .png. */
  printerOutDir: string;
  /** The simulated printer's paper (dots and columns). Default 80 mm. */
  printerProfile?: PrinterProfile;
  /** Travel and hold times (and line settings) for every simulated gate. */
  gate?: Omit<GateSimulatorOptions, 'path'>;
  /** Gate id → that gate's line settings, where they differ from `gate.line`. */
  gateLines?: Record<string, LineSettings>;
  /** The printer's line settings (default 8N1). */
  printerLine?: LineSettings;
  /** Simulate a pole display too, with these line settings (default 8N1). */
  poleDisplay?: { line?: LineSettings } | false;
  /** Simulate a card terminal too (ECR over serial), with these line settings (default 8N1). */
  cardTerminal?: { line?: LineSettings } | false;
  /** Simulate a forecourt (FCL/1) controller too, with these pumps, grades and line settings. */
  pumpController?: Omit<PumpControllerSimulatorOptions, 'path'> | false;
}

export interface SimulatedDevices {
  /** Gate id → the serial path the station should open for that gate. */
  gatePaths: Record<string, string>;
  /** The serial path the station should open for the receipt printer. */
  printerPath: string;
  gateSimulators: Record<string, GateSimulator>;
  printerSimulator: PrinterSimulator;
  /** The serial path the station should open for the pole display, when one is simulated. */
  poleDisplayPath: string | null;
  poleDisplaySimulator: PoleDisplaySimulator | null;
  /** The serial path the station should open for the card terminal, when one is simulated. */
  cardTerminalPath: string | null;
  cardTerminalSimulator: CardTerminalSimulator | null;
  /** The serial path the station should open for the pump controller, when one is simulated. */
  pumpControllerPath: string | null;
  /** The forecourt: tests and the demo lift nozzles and hang them up on it. */
  pumpControllerSimulator: PumpControllerSimulator | null;
  /** Stops the simulators and socat, and removes the links. */
  stop(): Promise<void>;
}

export async function startSimulatedDevices(
  options: SimulatedDevicesOptions,
): Promise<SimulatedDevices> {
  const pairs: PtyPair[] = [];
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Simulators first (they hold the device ends), then socat; keep going past failures.
    await Promise.allSettled(stoppers.splice(0).map((stop) => stop()));
    await Promise.allSettled(pairs.splice(0).map((pair) => pair.close()));
  };

  try {
    await mkdir(options.dir, { recursive: true });
    const gatePaths: Record<string, string> = {};
    const gateSimulators: Record<string, GateSimulator> = {};
    for (const id of new Set(options.gates)) {
      const pair = await openPtyPair(options.dir, `gate-${id}`);
      pairs.push(pair);
      const line = options.gateLines?.[id] ?? options.gate?.line;
      const simulator = await GateSimulator.start({ ...options.gate, line, path: pair.devicePath });
      stoppers.push(() => simulator.stop());
      gatePaths[id] = pair.stationPath;
      gateSimulators[id] = simulator;
    }
    const printerPair = await openPtyPair(options.dir, 'printer');
    pairs.push(printerPair);
    const printerSimulator = await PrinterSimulator.start({
      path: printerPair.devicePath,
      outDir: options.printerOutDir,
      columns: options.printerProfile?.columns,
      dotsPerLine: options.printerProfile?.dotsPerLine,
      line: options.printerLine,
      // The demo pulls the printer's paper or opens its cover by writing this file.
      stateFile: join(options.dir, 'printer-state.json'),
    });
    stoppers.push(() => printerSimulator.stop());
    let poleDisplayPath: string | null = null;
    let poleDisplaySimulator: PoleDisplaySimulator | null = null;
    if (options.poleDisplay) {
      const pair = await openPtyPair(options.dir, 'pole-display');
      pairs.push(pair);
      const simulator = await PoleDisplaySimulator.start({
        path: pair.devicePath,
        line: options.poleDisplay.line,
      });
      stoppers.push(() => simulator.stop());
      poleDisplayPath = pair.stationPath;
      poleDisplaySimulator = simulator;
    }
    let cardTerminalPath: string | null = null;
    let cardTerminalSimulator: CardTerminalSimulator | null = null;
    if (options.cardTerminal) {
      const pair = await openPtyPair(options.dir, 'card-terminal');
      pairs.push(pair);
      const { line } = options.cardTerminal;
      const simulator = await CardTerminalSimulator.start({
        transport: { kind: 'serial', path: pair.devicePath, line },
      });
      stoppers.push(() => simulator.stop());
      cardTerminalPath = pair.stationPath;
      cardTerminalSimulator = simulator;
    }
    let pumpControllerPath: string | null = null;
    let pumpControllerSimulator: PumpControllerSimulator | null = null;
    if (options.pumpController) {
      const pair = await openPtyPair(options.dir, 'pump-controller');
      pairs.push(pair);
      const simulator = await PumpControllerSimulator.start({
        ...options.pumpController,
        path: pair.devicePath,
      });
      stoppers.push(() => simulator.stop());
      pumpControllerPath = pair.stationPath;
      pumpControllerSimulator = simulator;
    }

    let stopping: Promise<void> | null = null;
    return {
      gatePaths,
      printerPath: printerPair.stationPath,
      gateSimulators,
      printerSimulator,
      poleDisplayPath,
      poleDisplaySimulator,
      cardTerminalPath,
      cardTerminalSimulator,
      pumpControllerPath,
      pumpControllerSimulator,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
