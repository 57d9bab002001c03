/** Shown when neither the Electron preload nor station-bridge.js provided window.station. */
export function NotConnectedScreen() {
  return (
    <main className="fullscreen-message" role="alert">
      <h1>Not connected to the station</h1>
      <p>
        This console could not reach the station service. Check that Station Console was started
        from the station computer, then reload.
      </p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}
