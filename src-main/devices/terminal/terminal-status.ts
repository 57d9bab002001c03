/**
 * The card terminal's health, shaped like every other device's DeviceStatus. Its kind,
 * 'card-terminal', is not yet one of the contract's device kinds (src-shared/contract/views.ts
 * deviceStatus.kind); once it is, this type is DeviceStatus and the tracker DeviceStatusTracker.
 */
import type { DeviceHealth, DeviceStatus } from '../../../src-shared/domain/types';

export type CardTerminalStatus = Omit<DeviceStatus, 'kind'> & { kind: 'card-terminal' };

/** Holds the terminal's current health and tells listeners only when it actually changes. */
export class TerminalStatusTracker {
  private status: CardTerminalStatus;
  private readonly listeners = new Set<(status: CardTerminalStatus) => void>();

  constructor(id: string, label: string, detail: string) {
    // Until the terminal has answered once, we cannot claim it is healthy.
    this.status = { id, kind: 'card-terminal', label, health: 'offline', detail };
  }

  get current(): CardTerminalStatus {
    return { ...this.status };
  }

  set(health: DeviceHealth, detail: string): CardTerminalStatus {
    if (health === this.status.health && detail === this.status.detail) return this.current;
    this.status = { ...this.status, health, detail };
    const snapshot = this.current;
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch {
        // A failing UI listener must not stop the driver or the other listeners.
      }
    }
    return snapshot;
  }

  subscribe(listener: (status: CardTerminalStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
