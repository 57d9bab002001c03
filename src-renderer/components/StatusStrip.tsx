import { useState } from 'react';
import type { DeviceHealth, PlainKey } from '../../src-shared';
import { useT, useTc } from '../stores/i18n-store';
import { useStatusStore } from '../stores/status-store';
import {
  selectHeldCount,
  selectPendingEvents,
  selectSyncState,
  useSyncStore,
} from '../stores/sync-store';

const healthKey: Record<DeviceHealth, PlainKey> = {
  ok: 'health.ok',
  warning: 'health.warning',
  fault: 'health.fault',
  offline: 'health.offline',
};

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
  const t = useT();
  const tc = useTc();
  const devices = useStatusStore((s) => s.devices);
  const [showAll, setShowAll] = useState(false);
  const healthy = devices.filter((d) => d.health === 'ok');
  const shown = showAll ? devices : devices.filter((d) => d.health !== 'ok');
  return (
    <footer className="status-strip" aria-label={t('status.label')}>
      {devices.length === 0 && <span className="muted">{t('status.noDevices')}</span>}
      {healthy.length > 0 && (
        <button
          type="button"
          className="chip chip-ok chip-summary"
          aria-expanded={showAll}
          title={healthy.map((d) => d.label).join(', ')}
          onClick={() => setShowAll(!showAll)}
          data-testid="status-healthy"
        >
          {tc(
            healthy.length === devices.length ? 'status.allHealthy' : 'status.healthy',
            healthy.length,
          )}
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
          {d.label} {t(healthKey[d.health])}
        </span>
      ))}
      <SyncChip />
    </footer>
  );
}

/** Sync with the operator's server (signed in only): online, offline or off, and what waits. */
function SyncChip() {
  const t = useT();
  const state = useSyncStore(selectSyncState);
  const pending = useSyncStore(selectPendingEvents);
  const held = useSyncStore(selectHeldCount);
  if (state === null) return null;
  if (state === 'off') {
    return (
      <span className="chip chip-off" data-testid="status-sync" title={t('status.syncOffTitle')}>
        {t('status.syncOff')}
      </span>
    );
  }
  const tone = state === 'offline' ? 'chip-bad' : held > 0 ? 'chip-warning' : 'chip-ok';
  return (
    <span className={`chip ${tone}`} data-testid="status-sync">
      {t(state === 'offline' ? 'status.syncOffline' : 'status.syncOnline')}
      {pending > 0 && t('status.pending', { count: pending })}
      {held > 0 && t('status.held', { count: held })}
    </span>
  );
}
