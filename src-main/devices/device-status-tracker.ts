/** Holds a device's current health and tells listeners only when it actually changes. */
import type { DeviceHealth, DeviceStatus } from '../../src-shared/domain/types';

export class DeviceStatusTracker {
  private status: DeviceStatus;
  private readonly listeners = new Set<(status: DeviceStatus) => void>();

  constructor(identity: Pick<DeviceStatus, 'id' | 'kind' | 'label'>, detail: string) {
    // Until the device has answered once, we cannot claim it is healthy.
    this.status = { ...identity, health: 'offline', detail };
  }

  get current(): DeviceStatus {
    return { ...this.status };
  }

  set(health: DeviceHealth, detail: string): DeviceStatus {
    if (health === this.status.health && detail === this.status.detail) return this.current;
    this.status = { ...this.status, health, detail };
    const snapshot = this.current;
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch {
        // A failing UI listener must not stop the device driver or the other listeners.
      }
    }
    return snapshot;
  }

  subscribe(listener: (status: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
