/** What the station needs from a lane barrier, whatever the hardware protocol. */
import type { DeviceStatus, GateState } from '../../../src-shared/domain/types';

export interface GateMoveResult {
  state: GateState;
  position: number | null;
  detail: string;
}

export interface GateController {
  readonly id: string;
  /**
   * Resolves 'open' only once the position read back from the controller reaches 100; otherwise
   * 'fault' after the move timeout (default 4000 ms). Never assumes the barrier opened.
   */
  openBarrier(): Promise<GateMoveResult>;
  /** Resolves 'closed' only once the position read back reaches 0; otherwise 'fault'. */
  closeBarrier(): Promise<GateMoveResult>;
  /** Reads the live state; 'unknown' with a null position when the controller cannot be read. */
  readState(): Promise<{ state: GateState; position: number | null }>;
  /** Health changes (ok / fault / offline); returns an unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  dispose(): Promise<void>;
}
