import type { OperatorView, StationStatus } from '../../src-shared';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { SiteCatalog } from './site-catalog';
import type { StationSettings } from './station-settings';

/** The status strip and header: the site, who is signed in, device health and occupancy. */
export class StationStatusService {
  constructor(
    private readonly mode: StationStatus['mode'],
    private readonly site: SiteCatalog,
    private readonly sessions: Pick<SessionRepository, 'countInLot'>,
    private readonly devices: () => StationStatus['devices'],
    private readonly settings: Pick<StationSettings, 'language'>,
  ) {}

  /** The site's part of the status; the console's session is the sign-in owner's to add. */
  status(operator: OperatorView | null): Omit<StationStatus, 'session' | 'needsSetup'> {
    return {
      stationName: this.site.stationName,
      mode: this.mode,
      currency: this.site.currency,
      site: {
        language: this.settings.language(),
        locale: this.site.locale,
        timeZone: this.site.timeZone,
        receiptLanguage: this.site.receiptLanguage,
      },
      operator,
      devices: this.devices(),
      zones: this.site.zones().map((z) => ({
        id: z.id,
        name: z.name,
        capacity: z.capacity,
        occupied: this.sessions.countInLot(z.id),
      })),
    };
  }
}
