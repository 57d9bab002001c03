import type { DeviceHealth } from '../../src-shared';
import { useStatusStore } from '../stores/status-store';
import {
  selectHeldCount,
  selectPendingEvents,
  selectSyncState,
  useSyncStore,
} from '../stores/sync-store';

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
      <SyncChip />
    </footer>
  );
}

/** Sync with the operator's server (signed in only): online, offline or off, and what waits. */
function SyncChip() {
  const state = useSyncStore(selectSyncState);
  const pending = useSyncStore(selectPendingEvents);
  const held = useSyncStore(selectHeldCount);
  if (state === null) return null;
  if (state === 'off') {
    return (
      <span className="chip chip-off" data-testid="status-sync" title="No server configured">
        Sync off
      </span>
    );
  }
  const tone = state === 'offline' ? 'chip-bad' : held > 0 ? 'chip-warning' : 'chip-ok';
  return (
    <span className={`chip ${tone}`} data-testid="status-sync">
      Sync {state}
      {pending > 0 && `, ${pending} pending`}
      {held > 0 && `, ${held} held`}
    </span>
  );
}
