import type { DeviceStatus } from '../../src-shared';
import type { EventHub } from '../ipc/event-hub';

/** The status strip's source of truth: the latest health of every device, pushed on change. */
export class DeviceRegistry {
  private readonly statuses = new Map<string, DeviceStatus>();

  constructor(private readonly events: EventHub) {}

  update(status: DeviceStatus): void {
    const prev = this.statuses.get(status.id);
    if (prev && prev.health === status.health && prev.detail === status.detail) return;
    this.statuses.set(status.id, status);
    this.events.publish('device:status', status);
  }

  list(): DeviceStatus[] {
    return [...this.statuses.values()];
  }
}
