import { useT } from '../stores/i18n-store';

/**
 * Shown when neither the Electron preload nor station-bridge.js provided window.station: with
 * no station to ask, in the default language.
 */
export function NotConnectedScreen() {
  const t = useT();
  return (
    <main className="fullscreen-message" role="alert">
      <h1>{t('notConnected.title')}</h1>
      <p>{t('notConnected.body')}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        {t('notConnected.reload')}
      </button>
    </main>
  );
}
