import { refused } from '../../src-shared';
import type { GateMoveResult } from '../devices/gate/gate-controller';
import type { JournalWriter } from '../journal/journal';
import type { LaneRuntime } from './lane-runtime';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';

export interface GateServiceDeps {
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
}

/**
 * Opens barriers and keeps the record straight: the command is journaled before it is sent and
 * the read-back outcome before anyone is told. A barrier that does not report open is a fault.
 */
export class GateService {
  constructor(private readonly d: GateServiceDeps) {}

  async open(
    lane: LaneRuntime,
    cause: string,
    sessionId: string | null,
    actor: string,
  ): Promise<GateMoveResult> {
    this.record(lane, cause, sessionId, actor, 'requested', null);
    lane.setGate({ state: 'opening', position: lane.view.gatePosition });
    let result: GateMoveResult;
    try {
      result = await lane.gate.openBarrier();
    } catch (err) {
      result = { state: 'fault', position: null, detail: String(err) };
    }
    this.record(lane, cause, sessionId, actor, result.state, result.position);
    lane.setGate(result);
    return result;
  }

  /** Like open(), but a barrier that did not open is an error for the caller to show. */
  async openOrThrow(
    lane: LaneRuntime,
    cause: string,
    sessionId: string | null,
    actor: string,
  ): Promise<GateMoveResult> {
    const result = await this.open(lane, cause, sessionId, actor);
    if (result.state !== 'open') {
      lane.say((t) => t('laneMsg.gateFault'), 'error');
      throw refused('DEVICE_FAULT', 'refusal.gateDidNotOpen', {
        lane: lane.config.name,
        detail: result.detail,
      });
    }
    return result;
  }

  private record(
    lane: LaneRuntime,
    cause: string,
    sessionId: string | null,
    actor: string,
    outcome: string,
    position: number | null,
  ): void {
    const { journal, transact, clock } = this.d;
    transact(() =>
      journal.append(
        {
          type: 'gate.commanded',
          aggregateId: lane.id,
          actor,
          payload: { command: 'open', cause, sessionId, outcome, position },
        },
        clock(),
      ),
    );
  }
}
