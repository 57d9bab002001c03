import { useEffect, useState } from 'react';
import { JournalBrowser } from '../components/JournalBrowser';
import { InlineError } from '../components/InlineError';
import { LotTable } from '../components/LotTable';
import { useT } from '../stores/i18n-store';
import { useLotStore } from '../stores/lot-store';
import { useOperatorStore } from '../stores/operator-store';

export function LotScreen() {
  const t = useT();
  const entries = useLotStore((s) => s.entries);
  const loading = useLotStore((s) => s.loading);
  const error = useLotStore((s) => s.error);
  const load = useLotStore((s) => s.load);
  const watch = useLotStore((s) => s.watch);
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const [view, setView] = useState<'lot' | 'journal'>('lot');

  // While this screen shows, the store keeps the list current as sessions change.
  useEffect(() => watch(), [watch]);

  return (
    <section className="screen" aria-labelledby="lot-title">
      <div className="screen-head">
        <h1 id="lot-title">{t('lot.title')}</h1>
        {isManager && (
          <div className="segmented" role="group" aria-label={t('lot.view')}>
            <button type="button" aria-pressed={view === 'lot'} onClick={() => setView('lot')}>
              {t('lot.title')}
            </button>
            <button
              type="button"
              aria-pressed={view === 'journal'}
              onClick={() => setView('journal')}
            >
              {t('lot.journal')}
            </button>
          </div>
        )}
        {view === 'lot' && (
          <button type="button" onClick={() => void load()} disabled={loading}>
            {t('common.refresh')}
          </button>
        )}
      </div>
      {!isManager && <p className="note">{t('lot.managerNote')}</p>}
      {view === 'journal' && isManager ? (
        <JournalBrowser />
      ) : (
        <>
          <InlineError message={error} />
          {!loading && !error && entries.length === 0 && <p className="muted">{t('lot.empty')}</p>}
          <LotTable entries={entries} />
        </>
      )}
    </section>
  );
}
