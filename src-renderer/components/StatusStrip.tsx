import { useState } from 'react';
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

/**
 * Device health, live from device:status. Devices in trouble (warning, fault, offline) get a chip
 * each, red or amber; the healthy ones share one chip, so the strip stays one row on a booth
 * screen. That chip opens the full list (by tap or keyboard) and names them all for a reader.
 */
export function StatusStrip() {
  const devices = useStatusStore((s) => s.devices);
  const [showAll, setShowAll] = useState(false);
  const healthy = devices.filter((d) => d.health === 'ok');
  const shown = showAll ? devices : devices.filter((d) => d.health !== 'ok');
  return (
    <footer className="status-strip" aria-label="Device status">
      {devices.length === 0 && <span className="muted">No devices reported</span>}
      {healthy.length > 0 && (
        <button
          type="button"
          className="chip chip-ok chip-summary"
          aria-expanded={showAll}
          title={healthy.map((d) => d.label).join(', ')}
          onClick={() => setShowAll(!showAll)}
          data-testid="status-healthy"
        >
          {healthy.length === devices.length ? 'All ' : ''}
          {healthy.length} {healthy.length === 1 ? 'device' : 'devices'} ok
          <span className="sr-only">: {healthy.map((d) => d.label).join(', ')}</span>
        </button>
      )}
      {shown.map((d) => (
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
