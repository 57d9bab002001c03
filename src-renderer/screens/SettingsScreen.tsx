import { useState } from 'react';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../src-shared';
import { InlineError } from '../components/InlineError';
import { errorMessage } from '../station';
import { useFormat, useI18nStore, useT } from '../stores/i18n-store';
import { toast } from '../stores/toast-store';

/**
 * A manager's station settings: the console's language. It is the station's, not this
 * console's or this operator's (the booth's screens are shared across shifts, and the sign-in
 * screen speaks it before anyone signs in): every console follows a change at once, and it is
 * kept across restarts and journaled.
 */
export function SettingsScreen() {
  const t = useT();
  const format = useFormat();
  const language = useI18nStore((s) => s.language);
  const receiptLanguage = useI18nStore((s) => s.receiptLanguage);
  const setLanguage = useI18nStore((s) => s.setLanguage);
  // The choice being saved: shown as chosen at once (a radio that springs back until the
  // station answers reads as a click that did nothing), and dropped again if it is refused.
  const [pending, setPending] = useState<Language | null>(null);
  const busy = pending !== null;
  const [error, setError] = useState<string | null>(null);

  async function choose(next: Language) {
    if (next === language || busy) return;
    setPending(next);
    setError(null);
    try {
      await setLanguage(next);
      // Said in the new language: the words changed with the setting.
      toast('ok', useI18nStore.getState().t('settings.languageChanged'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  return (
    <section className="screen" aria-labelledby="settings-title">
      <div className="screen-head">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </div>
      <div className="card form">
        <fieldset className="language-choice" aria-describedby="language-hint">
          <legend>{t('settings.language')}</legend>
          {LANGUAGES.map((l) => (
            <label key={l} className="choice" lang={l}>
              <input
                type="radio"
                name="console-language"
                value={l}
                checked={(pending ?? language) === l}
                disabled={busy}
                onChange={() => void choose(l)}
              />
              <span>{LANGUAGE_NAMES[l]}</span>
            </label>
          ))}
        </fieldset>
        <small id="language-hint">{t('settings.languageHint')}</small>
        <InlineError message={error} />
        <p className="muted">
          {t('settings.receiptLanguage', { language: LANGUAGE_NAMES[receiptLanguage] })}
        </p>
        <p className="muted" data-testid="site-formats">
          {t('settings.formats', {
            money: format.money(123450),
            time: format.dateTime(Date.now()),
            timeZone: format.timeZone ?? '',
          })}
        </p>
      </div>
    </section>
  );
}
