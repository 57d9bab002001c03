import type { Format, Language, Tariff, Translate } from '../../src-shared';
import {
  createFormat,
  DEFAULT_LANGUAGE,
  refused,
  StationError,
  translator,
} from '../../src-shared';
import type { ZoneRecord } from '../db/repositories/site-repository';
import type { LaneRuntime } from './lane-runtime';

/** How the site writes money and time, and what its receipts print in (station config `site`). */
export interface SiteLocale {
  /** BCP 47, e.g. "ro-RO". Default en-GB. */
  locale?: string;
  /** IANA; default the first tariff's. */
  timeZone?: string;
  /** The language of receipts and shift reports. Default English. */
  receiptLanguage?: Language;
}

/** The site as configured: its tariffs, zones and lanes, looked up by id. */
export class SiteCatalog {
  private readonly tariffs: Map<string, Tariff>;
  private readonly zoneMap: Map<string, ZoneRecord>;
  private formats = new Map<string, Format>();

  constructor(
    readonly stationName: string,
    tariffs: Tariff[],
    zones: ZoneRecord[],
    private readonly laneMap: ReadonlyMap<string, LaneRuntime>,
    private readonly look: SiteLocale = {},
  ) {
    this.tariffs = new Map(tariffs.map((t) => [t.id, t]));
    this.zoneMap = new Map(zones.map((z) => [z.id, z]));
  }

  /** The currency the booth takes: the first tariff's (a site has one currency). */
  get currency(): string {
    return [...this.tariffs.values()][0]?.currency ?? 'EUR';
  }

  get locale(): string {
    return this.look.locale ?? 'en-GB';
  }

  /** The site's wall clock: the configured zone, else the first tariff's. */
  get timeZone(): string {
    return this.look.timeZone ?? [...this.tariffs.values()][0]?.timeZone ?? 'UTC';
  }

  get receiptLanguage(): Language {
    return this.look.receiptLanguage ?? DEFAULT_LANGUAGE;
  }

  /** Money and time in the site's locale, currency and zone, for screens and messages. */
  get format(): Format {
    return this.formatFor('symbol');
  }

  /**
   * What a receipt or shift report prints: the receipt language's words, and money and time as
   * the site writes them, the currency as plain ASCII ("lei", else the ISO code).
   */
  get paper(): { language: Language; t: Translate; format: Format } {
    const language = this.receiptLanguage;
    return { language, t: translator(language), format: this.formatFor('printable') };
  }

  private formatFor(currencyDisplay: 'symbol' | 'printable'): Format {
    const key = `${currencyDisplay} ${this.currency}`;
    let format = this.formats.get(key);
    if (!format) {
      format = createFormat({
        locale: this.locale,
        currency: this.currency,
        timeZone: this.timeZone,
        currencyDisplay,
      });
      this.formats.set(key, format);
    }
    return format;
  }

  lanes(): LaneRuntime[] {
    return [...this.laneMap.values()];
  }

  zones(): ZoneRecord[] {
    return [...this.zoneMap.values()];
  }

  lane(id: string): LaneRuntime {
    const lane = this.laneMap.get(id);
    if (!lane) throw refused('NOT_FOUND', 'refusal.noLane', { id });
    return lane;
  }

  zone(id: string): ZoneRecord {
    const zone = this.zoneMap.get(id);
    if (!zone) throw refused('NOT_FOUND', 'refusal.noZone', { id });
    return zone;
  }

  tariff(id: string): Tariff {
    const tariff = this.tariffs.get(id);
    if (!tariff) throw new StationError('INTERNAL', `Tariff ${id} is not configured.`);
    return tariff;
  }

  /** A tariff the operator sent: it replaces the configured one of the same id from now on. */
  useTariff(t: Tariff): void {
    this.tariffs.set(t.id, t);
  }

  /** The tariff that applies to cars in a lane's zone. */
  tariffForLane(laneId: string): Tariff {
    return this.tariff(this.zone(this.lane(laneId).config.zoneId).tariffId);
  }
}
