import type { Minor } from '../domain/money';

/**
 * Money and time as the site writes them: Intl in the site's locale ("ro-RO"), its currency
 * and its time zone ("Europe/Bucharest"), whatever the language of the words around them. The
 * one money formatter of the project: the screens, the receipts, the shift reports, the pole
 * display and the main process's messages all format through here. Money stays an integer
 * count of minor units; it becomes a decimal string only here, and is never parsed back.
 */
export interface FormatOptions {
  /** A BCP 47 locale, e.g. "ro-RO", "en-GB". */
  locale: string;
  /** ISO 4217 code; empty (the status is not loaded yet) formats bare amounts. */
  currency: string;
  /** IANA time zone; undefined: the machine's own. */
  timeZone?: string;
  /**
   * How the currency is written: "symbol" is the narrow symbol ("12,50 lei", "€12.50") for
   * screens; "code" is the ISO code ("RON 12.50"); "printable" is the narrow symbol where it is
   * plain ASCII ("lei") and the code otherwise ("EUR"), for receipt printers and pole displays.
   */
  currencyDisplay?: 'symbol' | 'code' | 'printable';
}

export interface Format {
  readonly locale: string;
  readonly currency: string;
  readonly timeZone: string | undefined;
  /**
   * Minor units in the site's currency (or `currency`, for an amount that names its own); an
   * empty currency (the status not loaded yet) gives the bare amount, as amount() does.
   */
  money(amount: Minor, currency?: string): string;
  /** Minor units as a bare decimal in the locale, ungrouped, fit to type back ("1234,50"). */
  amount(amount: Minor, currency?: string): string;
  /** The wall-clock time at the site, "14:05". */
  time(at: number): string;
  /** The date at the site, short ("03.03.2026", "03/03/2026"). */
  date(at: number): string;
  /** Date and time, short. */
  dateTime(at: number): string;
  /** "14:05" for an instant of the same day as `now` at the site, "03 Mar, 14:05" otherwise. */
  when(at: number, now?: number): string;
  /** A count or figure in the locale's digits and grouping. */
  number(n: number): string;
}

/** Every space Intl puts in a number (no-break, narrow no-break) as a plain space. */
const INTL_SPACES = /[\u00a0\u202f]/g;
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The minor digits of a currency, as Intl knows them (RON 2, JPY 0, BHD 3); 2 when unknown. */
export function minorDigits(currency: string): number {
  if (!currency) return 2;
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return digits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as an exact decimal string ("-1250" → "-12.50"), with no binary fraction between. */
function decimalString(amount: Minor, digits: number): string {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`not an amount in minor units: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits > 0 ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

export function createFormat(o: FormatOptions): Format {
  const { locale, timeZone } = o;
  const numbers = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string): Intl.NumberFormat => {
    let f = numbers.get(currency);
    if (f) return f;
    if (!currency) {
      f = plainFormat(2);
    } else {
      const display = o.currencyDisplay ?? 'symbol';
      const styled = (currencyDisplay: 'narrowSymbol' | 'code') =>
        new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay });
      f = display === 'code' ? styled('code') : styled('narrowSymbol');
      if (display === 'printable' && !PRINTABLE.test(f.format(1).replace(INTL_SPACES, ' '))) {
        f = styled('code');
      }
    }
    numbers.set(currency, f);
    return f;
  };
  const plain = new Map<number, Intl.NumberFormat>();
  const plainFormat = (digits: number): Intl.NumberFormat => {
    let f = plain.get(digits);
    if (!f) {
      // Ungrouped: the amount may be typed back into a cash field (parseMoney takes no grouping).
      f = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        useGrouping: false,
      });
      plain.set(digits, f);
    }
    return f;
  };
  const exact = (f: Intl.NumberFormat, decimal: string) =>
    // Intl formats a decimal string exactly (ES2023 Intl.NumberFormat v3).
    f.format(decimal as unknown as number).replace(INTL_SPACES, ' ');

  /** Each Intl.DateTimeFormat is made on first use (a pole display only ever formats money). */
  const dates = (options: Intl.DateTimeFormatOptions, inLocale = locale) => {
    let made: Intl.DateTimeFormat | undefined;
    return () => (made ??= new Intl.DateTimeFormat(inLocale, { ...options, timeZone }));
  };
  const timeFormat = dates({ hour: '2-digit', minute: '2-digit' });
  const dateFormat = dates({ dateStyle: 'short' });
  const dateTimeFormat = dates({ dateStyle: 'short', timeStyle: 'short' });
  const dayMonthTime = dates({
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const dayKey = dates({}, 'en-CA'); // YYYY-MM-DD at the site
  const counts = new Intl.NumberFormat(locale);
  const spaced = (text: string) => text.replace(INTL_SPACES, ' ');

  return {
    locale,
    currency: o.currency,
    timeZone,
    money(amount, currency = o.currency) {
      const digits = minorDigits(currency);
      return exact(moneyFormat(currency), decimalString(amount, digits));
    },
    amount(amount, currency = o.currency) {
      const digits = minorDigits(currency);
      return exact(plainFormat(digits), decimalString(amount, digits));
    },
    time: (at) => spaced(timeFormat().format(at)),
    date: (at) => spaced(dateFormat().format(at)),
    dateTime: (at) => spaced(dateTimeFormat().format(at)),
    when(at, now = Date.now()) {
      const sameDay = dayKey().format(at) === dayKey().format(now);
      return spaced((sameDay ? timeFormat : dayMonthTime)().format(at));
    },
    number: (n) => spaced(counts.format(n)),
  };
}

/** Whether Intl knows a locale and a time zone (for checking a configuration). */
export function isKnownLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
