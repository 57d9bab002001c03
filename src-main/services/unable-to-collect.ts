import type { LaneOutcome, OperatorView } from '../../src-shared';
import { isInLot, mayLetOutUnpaid, quoteSession, refused } from '../../src-shared';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Connectivity } from '../sync/sync-service';
import type { ParkingFlow } from './parking-flow';
import type { SiteCatalog } from './site-catalog';

export interface UnableToCollectDeps {
  sessions: Pick<SessionRepository, 'get'>;
  site: SiteCatalog;
  flow: Pick<ParkingFlow, 'letOutUnpaid'>;
  /** The journal as a manager-only channel writes it (with the approval's companion event). */
  journal: JournalWriter;
  connectivity: Connectivity;
  clock: Clock;
}

/**
 * Payment is impossible (an app payment the station can't verify while offline, a customer who
 * can't pay): a manager lets the car out through an exit lane with the amount still due. The
 * stay's close and `payment.unableToCollect` (plate, due, reason) commit together once the
 * barrier has opened. Refused offline under the strict policy: there, cars leave only paid.
 */
export class UnableToCollect {
  constructor(private readonly d: UnableToCollectDeps) {}

  async letOut(
    input: { sessionId: string; laneId: string; reason: string },
    operator: OperatorView,
  ): Promise<LaneOutcome> {
    const { connectivity } = this.d;
    const offline = connectivity.offline();
    if (!mayLetOutUnpaid({ offline, policy: connectivity.policy() })) {
      throw refused('CONFLICT', 'refusal.strictOffline');
    }
    const lane = this.d.site.lane(input.laneId);
    const session = this.d.sessions.get(input.sessionId);
    if (!session || !isInLot(session)) throw refused('NOT_FOUND', 'refusal.noSuchCar');
    if (lane.config.direction !== 'exit' || lane.config.zoneId !== session.zoneId) {
      throw refused('CONFLICT', 'refusal.notExitOfZone', { lane: lane.config.name });
    }
    const tariff = this.d.site.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, this.d.clock());
    if (quote.dueMinor === 0) {
      throw refused('CONFLICT', 'refusal.nothingDueLeave');
    }
    return this.d.flow.letOutUnpaid(lane, session, operator.name, (at) =>
      this.d.journal.append(
        {
          type: 'payment.unableToCollect',
          aggregateId: session.id,
          actor: operator.name,
          payload: {
            plate: session.plate,
            laneId: lane.id,
            dueMinor: quote.dueMinor,
            currency: quote.currency,
            reason: input.reason,
            offline,
          },
        },
        at,
      ),
    );
  }
}
