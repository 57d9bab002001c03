import { StationError } from '../../src-shared';
import type { GateMoveResult } from '../devices/gate/gate-controller';
import type { GateEventRepository } from '../db/repositories/event-repositories';
import type { LaneRuntime } from './lane-runtime';

/**
 * Opens barriers and keeps the record straight: the command is written before it is sent and
 * the read-back outcome before anyone is told. A barrier that does not report open is a fault.
 */
export class GateService {
  constructor(private readonly gateEvents: GateEventRepository) {}

  async open(lane: LaneRuntime, cause: string, sessionId: string | null): Promise<GateMoveResult> {
    this.gateEvents.append({
      laneId: lane.id,
      command: 'open',
      cause,
      sessionId,
      outcome: 'requested',
      position: null,
      at: Date.now(),
    });
    lane.setGate({ state: 'opening', position: lane.view.gatePosition });
    let result: GateMoveResult;
    try {
      result = await lane.gate.openBarrier();
    } catch (err) {
      result = { state: 'fault', position: null, detail: String(err) };
    }
    this.gateEvents.append({
      laneId: lane.id,
      command: 'open',
      cause,
      sessionId,
      outcome: result.state,
      position: result.position,
      at: Date.now(),
    });
    lane.setGate(result);
    return result;
  }

  /** Like open(), but a barrier that did not open is an error for the caller to show. */
  async openOrThrow(
    lane: LaneRuntime,
    cause: string,
    sessionId: string | null,
  ): Promise<GateMoveResult> {
    const result = await this.open(lane, cause, sessionId);
    if (result.state !== 'open') {
      lane.say('Gate fault: call the attendant', 'error');
      throw new StationError(
        'DEVICE_FAULT',
        `${lane.config.name}: the gate did not open (${result.detail}).`,
      );
    }
    return result;
  }
}
