import { useT } from '../stores/i18n-store';
import { useStatusStore } from '../stores/status-store';

/** Free spaces per zone, live from zone:occupancy. */
export function ZoneOccupancy() {
  const t = useT();
  const zones = useStatusStore((s) => s.zones);
  if (zones.length === 0) return null;
  return (
    <section className="zones" aria-label={t('zones.label')}>
      {zones.map((zone) => {
        const free = Math.max(0, zone.capacity - zone.occupied);
        return (
          <div key={zone.id} className={free === 0 ? 'zone zone-full' : 'zone'}>
            <span className="zone-name">{zone.name}</span>
            <span className="zone-free">
              <strong data-testid={`zone-${zone.id}-free`}>{free}</strong> {t('zones.free')}
            </span>
            <span className="muted">
              {t('zones.taken', { occupied: zone.occupied, capacity: zone.capacity })}
            </span>
          </div>
        );
      })}
    </section>
  );
}
