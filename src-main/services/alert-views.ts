import type { AlertView, StoredAlert } from '../../src-shared';
import { lostTicketFee } from '../../src-shared/domain/tariff';
import type { SiteCatalog } from './site-catalog';

/** A stored alert as the cashier sees it, with the lost-ticket fee its lane's zone would charge. */
export class AlertViews {
  constructor(private readonly site: SiteCatalog) {}

  view(alert: StoredAlert): AlertView {
    if (alert.kind !== 'no-entry-record') return { ...alert, lostTicketFeeMinor: null };
    return {
      ...alert,
      lostTicketFeeMinor: lostTicketFee(this.site.tariffForLane(alert.laneId)).totalMinor,
    };
  }
}
