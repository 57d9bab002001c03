/**
 * The pole display's texts (the CustomerDisplay port over a PoleDisplay): the amount due when a
 * stay is quoted at the booth; after a payment the change and "Exit by HH:MM" in the site's time
 * zone, then a thank-you with the exit time, then the idle text, in the site's receipt language.
 * Money is formatted from integer minor units by the shared formatter in the site's locale and
 * the tariff's currency (the ISO code, as displays are ASCII).
 */
import { createFormat, DEFAULT_LANGUAGE, translate, type Language } from '../../src-shared';
import type { PoleDisplay } from '../devices/display/pole-display';
import type { CustomerDisplay } from './ports';

export interface PoleDisplayMessagesOptions {
  display: Pick<PoleDisplay, 'show'>;
  /** Locale for numbers and times. Default en-GB. */
  locale?: string;
  /** The language of the texts (the customer's: the site's receipt language). Default English. */
  language?: Language;
  /** The two lines shown while nothing goes on. */
  idleLines?: [string, string];
  /** How long the change stays before the thank-you. Default 10 s. */
  thankYouAfterMs?: number;
  /** How long after a payment the idle text comes back. Default 30 s. */
  idleAfterMs?: number;
  /** How long an amount due stays without a payment. Default 3 minutes. */
  dueShownMs?: number;
  onError?: (error: unknown) => void;
}

const WIDTH = 20;

export class PoleDisplayMessages implements CustomerDisplay {
  private readonly locale: string;
  private readonly language: Language;
  private readonly idleLines: [string, string];
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly o: PoleDisplayMessagesOptions) {
    this.locale = o.locale ?? 'en-GB';
    this.language = o.language ?? DEFAULT_LANGUAGE;
    this.idleLines = o.idleLines ?? [translate(this.language, 'pole.welcome'), ''];
  }

  amountDue(quote: { dueMinor: number; currency: string }): void {
    this.guard(() => {
      this.show([
        translate(this.language, 'pole.amountDue'),
        alignRight(formatMinor(quote.dueMinor, quote.currency, this.locale)),
      ]);
      this.later(this.o.dueShownMs ?? 180_000, () => this.show(this.idleLines));
    });
  }

  paid(p: { changeMinor: number; currency: string; exitBy: number; timeZone: string }): void {
    this.guard(() => {
      const time = formatClock(p.exitBy, p.timeZone, this.locale);
      const exitBy = translate(this.language, 'pole.exitBy', { time });
      const thanks: [string, string] = [translate(this.language, 'pole.thanks'), exitBy];
      if (p.changeMinor > 0) {
        this.show([
          twoColumns(
            translate(this.language, 'pole.change'),
            formatMinor(p.changeMinor, p.currency, this.locale),
          ),
          exitBy,
        ]);
        this.later(this.o.thankYouAfterMs ?? 10_000, () => this.show(thanks));
      } else {
        this.show(thanks);
      }
      this.later(this.o.idleAfterMs ?? 30_000, () => this.show(this.idleLines));
    });
  }

  idle(): void {
    this.guard(() => this.show(this.idleLines));
  }

  /** Stops the pending text changes (the station is stopping). */
  stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
  }

  /** Replaces whatever was scheduled: the newest message wins. */
  private show(lines: [string, string]): void {
    void this.o.display.show(lines[0], lines[1]).catch((error: unknown) => this.o.onError?.(error));
  }

  private later(ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      this.safely(then); // the later steps of the same message stay scheduled
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** A new message: what the last one still had scheduled is dropped. */
  private guard(fn: () => void): void {
    this.stop();
    this.safely(fn);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.o.onError?.(error);
    }
  }
}

/** An amount in integer minor units as text, e.g. 1250 RON → "RON 12.50" (en-GB). */
export function formatMinor(minor: number, currency: string, locale = 'en-GB'): string {
  return createFormat({ locale, currency, currencyDisplay: 'code' }).money(minor);
}

/** HH:MM (24-hour) of `at` in the site's time zone. */
export function formatClock(at: number, timeZone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

function alignRight(text: string): string {
  return text.padStart(WIDTH, ' ');
}

function twoColumns(left: string, right: string): string {
  const gap = Math.max(1, WIDTH - left.length - right.length);
  return `${left}${' '.repeat(gap)}${right}`;
}
