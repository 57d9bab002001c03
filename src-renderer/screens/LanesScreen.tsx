import { LaneCard } from '../components/LaneCard';
import { ZoneOccupancy } from '../components/ZoneOccupancy';
import { useT } from '../stores/i18n-store';
import { useLanesStore } from '../stores/lanes-store';

export function LanesScreen() {
  const t = useT();
  const lanes = useLanesStore((s) => s.lanes);
  const loaded = useLanesStore((s) => s.loaded);
  const load = useLanesStore((s) => s.load);
  return (
    <section className="screen" aria-labelledby="lanes-title">
      <div className="screen-head">
        <h1 id="lanes-title">{t('lanes.title')}</h1>
        <ZoneOccupancy />
      </div>
      {loaded && lanes.length === 0 && <p className="muted">{t('lanes.none')}</p>}
      {!loaded && (
        <div className="row">
          <p className="muted">{t('lanes.loading')}</p>
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="lane-grid">
        {lanes.map((lane) => (
          <LaneCard key={lane.id} lane={lane} />
        ))}
      </div>
    </section>
  );
}
