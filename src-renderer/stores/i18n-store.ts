import { create } from 'zustand';
import {
  createFormat,
  DEFAULT_LANGUAGE,
  translateCount,
  translator,
  type Format,
  type Language,
  type PluralKey,
  type StationApi,
  type StationStatus,
  type Translate,
} from '../../src-shared';

/** The counted text of a plural key, e.g. tc('status.healthy', 3) → "3 devices ok". */
export type TranslateCount = (base: PluralKey, count: number, params?: object) => string;

interface I18nState {
  /** The console's language: the station's setting, the same at every console. */
  language: Language;
  /** What the receipts print in (the station configuration's). */
  receiptLanguage: Language;
  /** Money and time as the site writes them: its locale, currency and time zone. */
  format: Format;
  t: Translate;
  tc: TranslateCount;
  /** Settings changed at any console (settings:changed) reach this one too. Returns the stop. */
  start: (api: StationApi) => () => void;
  /** The site's language, locale, zone and currency, from station:status. */
  applyStatus: (status: Pick<StationStatus, 'site' | 'currency'>) => void;
  useLanguage: (language: Language) => void;
  /** A manager's: the station's console language. Throws on refusal, so the screen can say why. */
  setLanguage: (language: Language) => Promise<void>;
}

function words(language: Language): Pick<I18nState, 'language' | 't' | 'tc'> {
  const tc: TranslateCount = (base, count, params) =>
    (translateCount as (l: Language, b: PluralKey, c: number, p?: object) => string)(
      language,
      base,
      count,
      params,
    );
  return { language, t: translator(language), tc };
}

/**
 * The words and formats every part of the console uses. Like the toasts, it is a notice board
 * the other stores may read (seams.test.ts allows it): a store wording a message for the cashier
 * takes the words from here. Until the status arrives: English, en-GB, this machine's zone.
 */
export const useI18nStore = create<I18nState>()((set, get) => {
  let api: StationApi | null = null;
  return {
    ...words(DEFAULT_LANGUAGE),
    receiptLanguage: DEFAULT_LANGUAGE,
    format: createFormat({ locale: 'en-GB', currency: '' }),
    start(next) {
      api = next;
      const off = next.on('settings:changed', (settings) => get().useLanguage(settings.language));
      return () => {
        off();
        api = null;
      };
    },
    applyStatus({ site, currency }) {
      const { format } = get();
      const changed =
        format.locale !== site.locale ||
        format.timeZone !== site.timeZone ||
        format.currency !== currency;
      set({
        ...(changed
          ? { format: createFormat({ locale: site.locale, timeZone: site.timeZone, currency }) }
          : {}),
        ...words(site.language),
        receiptLanguage: site.receiptLanguage,
      });
    },
    useLanguage(language) {
      if (language !== get().language) set(words(language));
    },
    async setLanguage(language) {
      if (!api) throw new Error('Not connected to the station.');
      const settings = await api.request('settings:setLanguage', { language });
      get().useLanguage(settings.language);
    },
  };
});

/** The words of the console's language, for components: they re-render when it changes. */
export function useT(): Translate {
  return useI18nStore((s) => s.t);
}

export function useTc(): TranslateCount {
  return useI18nStore((s) => s.tc);
}

export function useFormat(): Format {
  return useI18nStore((s) => s.format);
}

/** The same outside React (stores, workflows): the language in use now. */
export const t: Translate = (key, ...params) => useI18nStore.getState().t(key, ...params);
