import type { DeviceHealth } from '../../src-shared';
import { useStatusStore } from '../stores/status-store';

const healthClass: Record<DeviceHealth, string> = {
  ok: 'chip-ok',
  warning: 'chip-warning',
  fault: 'chip-bad',
  offline: 'chip-bad',
};

/** One chip per device, live from device:status. Fault and offline are red. */
export function StatusStrip() {
  const devices = useStatusStore((s) => s.devices);
  return (
    <footer className="status-strip" aria-label="Device status">
      {devices.length === 0 && <span className="muted">No devices reported</span>}
      {devices.map((d) => (
        <span
          key={d.id}
          className={`chip ${healthClass[d.health]}`}
          data-testid={`status-${d.id}`}
          title={d.detail}
        >
          {d.label} {d.health}
        </span>
      ))}
    </footer>
  );
}
