import { LaneCard } from '../components/LaneCard';
import { ZoneOccupancy } from '../components/ZoneOccupancy';
import { useLanesStore } from '../stores/lanes-store';

export function LanesScreen() {
  const lanes = useLanesStore((s) => s.lanes);
  const loaded = useLanesStore((s) => s.loaded);
  const load = useLanesStore((s) => s.load);
  return (
    <section className="screen" aria-labelledby="lanes-title">
      <div className="screen-head">
        <h1 id="lanes-title">Live lanes</h1>
        <ZoneOccupancy />
      </div>
      {loaded && lanes.length === 0 && (
        <p className="muted">This station has no lanes configured.</p>
      )}
      {!loaded && (
        <div className="row">
          <p className="muted">Loading lanes…</p>
          <button type="button" onClick={() => void load()}>
            Retry
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
