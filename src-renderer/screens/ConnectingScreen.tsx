import { useT } from '../stores/i18n-store';
import { useStatusStore } from '../stores/status-store';
import { loadStation } from '../workflows';

/** While station:status is on its way, or after it failed. */
export function ConnectingScreen() {
  const t = useT();
  const phase = useStatusStore((s) => s.phase);
  const error = useStatusStore((s) => s.error);
  if (phase !== 'error') {
    return (
      <div className="fullscreen-message" aria-busy="true">
        <h1>{t('connecting.title')}</h1>
      </div>
    );
  }
  return (
    <div className="fullscreen-message" role="alert">
      <h1>{t('connecting.failed')}</h1>
      <p>{error}</p>
      <button type="button" className="primary" onClick={() => void loadStation()}>
        {t('common.tryAgain')}
      </button>
    </div>
  );
}
