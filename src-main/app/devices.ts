import { isAbsolute, join } from 'node:path';
import { Cd5220Display, type PoleDisplay } from '../devices/display/pole-display';
import { ModbusGateController } from '../devices/gate/modbus-gate';
import type { GateController } from '../devices/gate/gate-controller';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { CardTerminal } from '../devices/terminal/card-terminal';
import { FclPumpController } from '../devices/pump/fcl-pump-controller';
import type { PumpController } from '../devices/pump/pump-controller';
import { EcrCardTerminal } from '../devices/terminal/ecr-card-terminal';
import { SerialEscPosPrinter } from '../devices/printer/receipt-printer';
import { printerProfile } from '../devices/printer/printer-profile';
import { modbusLine, plainLine } from '../devices/serial/line-settings';
import { startSimulatedDevices, type SimulatedDevices } from '../devices/simulated-devices';
import type { Logger } from '../platform/logger';
import type { StationConfig } from './config';
import { readLogoRaster } from './receipt-branding';

export interface StationDevices {
  gates: Map<string, GateController>;
  printer: ReceiptPrinter;
  /** The customer's pole display; null when the site has none. */
  poleDisplay: PoleDisplay | null;
  /** The card terminal; null when the booth takes no cards. */
  cardTerminal: CardTerminal | null;
  /** The forecourt's pump controller; null when the site has no pump lanes. */
  pumpController: PumpController | null;
  /** Present when any device is simulated (the embedded demo, and tests). */
  simulated: SimulatedDevices | null;
  dispose(): Promise<void>;
}

/**
 * Connects the configured gates, printer, pole display, card terminal and pump controller,
 * each on its configured line settings. Simulated ones run their simulator on the far end of a socat pty pair, on the same
 * settings, so the station drives them through the very same serial drivers.
 */
export async function connectDevices(
  config: StationConfig,
  log: Pick<Logger, 'warn'>,
): Promise<StationDevices> {
  const profile = printerProfile(config.printer.profile);
  const branding = receiptBranding(config, profile.dotsPerLine, log);
  const gateLines = Object.fromEntries(config.lanes.map((l) => [l.id, modbusLine(l.gate)]));
  const printerLine = plainLine(config.printer);
  const display = config.poleDisplay;
  const displayLine = display.kind === 'none' ? null : plainLine(display);
  const card = config.cardTerminal;
  const cardLine = card.kind === 'simulated' || card.kind === 'ecr-serial' ? plainLine(card) : null;
  const pumps = config.forecourt.controller;
  const pumpLine = pumps.kind === 'none' ? null : plainLine(pumps);
  const simulatedGates = config.lanes.filter((l) => l.gate.kind === 'simulated').map((l) => l.id);
  const needsSim =
    simulatedGates.length > 0 ||
    config.printer.kind === 'simulated' ||
    display.kind === 'simulated' ||
    card.kind === 'simulated' ||
    pumps.kind === 'simulated';
  const simulated = needsSim
    ? await startSimulatedDevices({
        dir: join(config.dataDir, 'devices'),
        gates: simulatedGates,
        gateLines,
        printerOutDir: join(config.dataDir, 'receipts'),
        printerProfile: profile,
        printerLine,
        poleDisplay: display.kind === 'simulated' && { line: displayLine! },
        cardTerminal: card.kind === 'simulated' && { line: cardLine! },
        pumpController: pumps.kind === 'simulated' && {
          line: pumpLine!,
          // The simulated forecourt is the configured one: its pumps, nozzles and prices.
          pumps: config.forecourt.lanes.flatMap((l) => l.pumps),
          grades: config.forecourt.grades,
        },
      })
    : null;

  const gates = new Map<string, GateController>();
  for (const lane of config.lanes) {
    const path = lane.gate.kind === 'modbus' ? lane.gate.path : simulated!.gatePaths[lane.id]!;
    const unitId = lane.gate.kind === 'modbus' ? lane.gate.unitId : undefined;
    gates.set(
      lane.id,
      new ModbusGateController({
        id: `gate-${lane.id}`,
        label: `${lane.name} gate`,
        path,
        unitId,
        line: gateLines[lane.id],
      }),
    );
  }
  const printer = new SerialEscPosPrinter({
    id: 'printer',
    label: 'Receipt printer',
    encoding: { profile, branding },
    path: config.printer.kind === 'escpos' ? config.printer.path : simulated!.printerPath,
    line: printerLine,
  });
  const poleDisplay =
    display.kind === 'none'
      ? null
      : new Cd5220Display({
          id: 'pole-display',
          label: 'Customer display',
          path: display.kind === 'cd5220' ? display.path : simulated!.poleDisplayPath!,
          line: displayLine!,
        });
  const cardTerminal =
    card.kind === 'none'
      ? null
      : new EcrCardTerminal({
          id: 'card-terminal',
          label: 'Card terminal',
          replyTimeoutMs: card.replyTimeoutSeconds * 1000,
          recovery: { statusAttempts: card.statusQueries },
          transport:
            card.kind === 'ecr-tcp'
              ? { kind: 'tcp', host: card.host, port: card.port }
              : {
                  kind: 'serial',
                  path: card.kind === 'ecr-serial' ? card.path : simulated!.cardTerminalPath!,
                  line: cardLine!,
                },
        });
  const pumpController =
    pumps.kind === 'none'
      ? null
      : new FclPumpController({
          id: 'pump-controller',
          label: 'Pump controller',
          path: pumps.kind === 'fcl-serial' ? pumps.path : simulated!.pumpControllerPath!,
          line: pumpLine!,
        });

  return {
    gates,
    printer,
    poleDisplay,
    cardTerminal,
    pumpController,
    simulated,
    async dispose() {
      await Promise.allSettled([...gates.values()].map((g) => g.dispose()));
      await printer.dispose().catch(() => undefined);
      await poleDisplay?.dispose().catch(() => undefined);
      await cardTerminal?.dispose().catch(() => undefined);
      await pumpController?.dispose().catch(() => undefined);
      await simulated?.stop();
    },
  };
}

/**
 * The site's logo, header and footer lines for the printer. A logo that can't be read is said
 * in the log and left off: the booth still prints its receipts (a logo is never worth a booth
 * that does not start).
 */
function receiptBranding(config: StationConfig, lineDots: number, log: Pick<Logger, 'warn'>) {
  const { logoPath, header, footer } = config.receipts;
  const path =
    logoPath === undefined
      ? null
      : isAbsolute(logoPath)
        ? logoPath
        : join(config.resourcesDir, logoPath);
  let logo = null;
  try {
    logo = path === null ? null : readLogoRaster(path, lineDots);
  } catch (error) {
    log.warn('receipts print without the logo', { error: String(error) });
  }
  return { logo, header, footer };
}
