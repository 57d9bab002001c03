import { useStatusStore } from '../stores/status-store';
import { loadStation } from '../workflows';

/** While station:status is on its way, or after it failed. */
export function ConnectingScreen() {
  const phase = useStatusStore((s) => s.phase);
  const error = useStatusStore((s) => s.error);
  if (phase !== 'error') {
    return (
      <div className="fullscreen-message" aria-busy="true">
        <h1>Connecting to the station…</h1>
      </div>
    );
  }
  return (
    <div className="fullscreen-message" role="alert">
      <h1>The station did not answer</h1>
      <p>{error}</p>
      <button type="button" className="primary" onClick={() => void loadStation()}>
        Try again
      </button>
    </div>
  );
}
