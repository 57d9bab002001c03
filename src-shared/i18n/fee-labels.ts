import { feeLabelTerm } from '../domain/tariff/labels';
import { translate, translateCount, type Language } from './translate';

/**
 * A fee line's label (the tariff engine writes them in English: "Day rate 2 h", "Night
 * 22:00-06:00 (1)") in `language`, for the receipt and the session's fee on screen. A label the
 * engine did not write (none yet) stays as it is.
 */
export function translateFeeLabel(language: Language, label: string): string {
  if (language === 'en') return label;
  const term = feeLabelTerm(label);
  if (!term) return label;
  switch (term.kind) {
    case 'free':
      return translate(language, 'fee.free', { duration: term.duration, free: term.free });
    case 'day':
      return translate(language, 'fee.day', { duration: term.duration });
    case 'night':
      return translate(language, 'fee.night', {
        start: term.start,
        end: term.end,
        ordinal: term.ordinal,
      });
    case 'cap':
      return translate(language, 'fee.cap', { periods: term.periods });
    case 'capRange':
      return translateCount(language, 'fee.capRange', term.count, {
        first: term.first,
        last: term.last,
      });
    case 'lostTicket':
      return translate(language, 'fee.lostTicket');
  }
}
