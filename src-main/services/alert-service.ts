import type {
  AlertView,
  LaneOutcome,
  OperatorView,
  ParsedRequestOf,
  PaymentResult,
} from '../../src-shared';
import { isInLot, newParkingSession, normalizePlate, refused, refusedAs } from '../../src-shared';
import type { AlertRepository } from '../db/repositories/event-repositories';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import type { AlertViews } from './alert-views';
import { idempotentRequest } from './idempotency';
import { newId } from './ids';
import type { ParkingFlow } from './parking-flow';
import type { PaymentService } from './payment-service';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

export type AlertResolution = ParsedRequestOf<'alerts:resolve'>;

export interface AlertServiceDeps {
  alerts: AlertRepository;
  sessions: SessionRepository;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  alertViews: AlertViews;
  flow: ParkingFlow;
  payments: PaymentService;
  clock: Clock;
  /**
   * The journal as manager-only channels write to it (alerts:admitBlacklisted): at a cashier's
   * console with a manager's approval, it names the cashier beside the manager.
   */
  overrides: JournalWriter;
}

type Resolved = { outcome: LaneOutcome; payment: PaymentResult | null };

/**
 * The cashier settles what a lane could not: unknown exits and doubtful reads. An alert is
 * resolved in the same transaction as what settles it (the car's exit, the payment), so it
 * stays open when that fails (a barrier that did not open, a refused payment).
 */
export class AlertService {
  constructor(private readonly d: AlertServiceDeps) {}

  list(): AlertView[] {
    return this.d.alerts.open().map((alert) => this.d.alertViews.view(alert));
  }

  async resolve(r: AlertResolution, operator: OperatorView): Promise<Resolved> {
    if (r.action === 'lostTicket') {
      // A replay is answered before the "already resolved" check: the first attempt resolved it.
      const replayed = this.d.payments.replay(idempotentRequest('alerts:resolve', r));
      const laneId = replayed && this.d.alerts.get(r.alertId)?.laneId;
      if (replayed && laneId) {
        return { outcome: await this.letOut(laneId, replayed, operator), payment: replayed };
      }
    }
    const alert = this.d.alerts.get(r.alertId);
    if (!alert || alert.resolved) {
      throw refused('NOT_FOUND', 'refusal.alertResolved');
    }
    const lane = this.d.site.lane(alert.laneId);
    const resolveWith = (resolution: string, reason: string) =>
      this.resolution(alert.id, r.action, operator, resolution, reason, this.d.journal);

    switch (r.action) {
      case 'match': {
        const session = this.d.sessions.get(r.sessionId);
        if (!session || !isInLot(session)) {
          throw refused('NOT_FOUND', 'refusal.carNotInLot');
        }
        const outcome = await this.d.flow.exitSession(
          lane,
          session,
          alert.photoId,
          'cashier-match',
          operator.name,
          resolveWith(
            `matched ${session.id} (read ${alert.plate}, plate ${session.plate})`,
            r.reason,
          ),
        );
        if (outcome.kind === 'unpaid') {
          // Matched, but the car owes money: the alert is settled, the lane says how much.
          this.d.transact(() =>
            resolveWith(`matched ${session.id}, unpaid`, r.reason)(this.d.clock()),
          );
        }
        return { outcome, payment: null };
      }
      case 'lostTicket': {
        const zone = this.d.site.zone(lane.config.zoneId);
        const now = this.d.clock();
        const session = newParkingSession({
          id: newId('S', now),
          plate: normalizePlate(alert.plate).ok ? alert.plate : 'UNKNOWN',
          zoneId: zone.id,
          tariffId: zone.tariffId,
          entryLaneId: null,
          entryAt: now,
          entryPhotoId: null,
          lostTicketAtExit: { photoId: alert.photoId },
        });
        const payment = await this.d.payments.payLostTicket(
          session,
          {
            alertId: alert.id,
            tenderedMinor: r.tenderedMinor,
            request: idempotentRequest('alerts:resolve', r),
            openSession: (at) => this.d.flow.open(session, operator.name, at),
          },
          operator,
        );
        return { outcome: await this.letOut(lane.id, payment, operator), payment };
      }
      case 'confirm': {
        const checked = normalizePlate(r.plate);
        if (!checked.ok) {
          throw refusedAs('INVALID_PAYLOAD', checked.text).at('plate');
        }
        this.d.transact(() =>
          resolveWith(
            `confirmed ${checked.plate} (read ${alert.plate})`,
            'cashier confirmed a doubtful read',
          )(this.d.clock()),
        );
        const outcome = await this.d.flow.handleRead(lane.id, {
          plate: checked.plate,
          confidence: 1,
          source: 'manual',
          photoId: alert.photoId,
          actor: operator.name,
        });
        return { outcome, payment: null };
      }
      case 'dismiss':
        this.d.transact(() => resolveWith('dismissed', r.reason)(this.d.clock()));
        return { outcome: { kind: 'no-record', alertId: alert.id }, payment: null };
      case 'admit': {
        // An entry an offline policy held: the new stay and the alert's resolution commit
        // together. A full zone (or the car already inside) leaves the alert open.
        if (alert.kind === 'entry-blacklisted') {
          throw refused('NOT_ALLOWED', 'refusal.plateBlacklisted');
        }
        if (alert.kind !== 'entry-held-offline') {
          throw refused('CONFLICT', 'refusal.onlyHeldEntry');
        }
        const outcome = await this.d.flow.admit(
          lane.id,
          alert.plate,
          alert.photoId,
          operator.name,
          {
            alsoCommit: resolveWith(`let in ${alert.plate}`, r.reason),
            overridesBlacklist: false,
          },
        );
        return { outcome, payment: null };
      }
    }
  }

  /**
   * A manager lets in a car held because the operator blacklisted its plate (an override, with
   * a reason): the new stay and the alert's resolution commit together; a full zone (or the car
   * already inside) leaves the alert open. Refusing it is alerts:resolve 'dismiss'.
   */
  async admitBlacklisted(
    r: { alertId: string; reason: string },
    operator: OperatorView,
  ): Promise<Resolved> {
    const alert = this.d.alerts.get(r.alertId);
    if (!alert || alert.resolved) {
      throw refused('NOT_FOUND', 'refusal.alertResolved');
    }
    if (alert.kind !== 'entry-blacklisted') {
      throw refused('CONFLICT', 'refusal.blacklistedOnly');
    }
    const outcome = await this.d.flow.admit(
      alert.laneId,
      alert.plate,
      alert.photoId,
      operator.name,
      {
        alsoCommit: this.resolution(
          alert.id,
          'admit',
          operator,
          `let in blacklisted ${alert.plate}`,
          r.reason,
          this.d.overrides,
        ),
        overridesBlacklist: true,
      },
    );
    return { outcome, payment: null };
  }

  /** Resolves the alert and journals it; runs in the transaction of what settles it. */
  private resolution(
    alertId: string,
    action: AlertResolution['action'],
    operator: OperatorView,
    resolution: string,
    reason: string,
    journal: JournalWriter,
  ) {
    return (at: number): void => {
      if (!this.d.alerts.resolve(alertId, resolution, at)) {
        throw refused('CONFLICT', 'refusal.alertResolvedMeanwhile');
      }
      journal.append(
        {
          type: 'alert.resolved',
          aggregateId: alertId,
          actor: operator.name,
          payload: { action, resolution, reason },
        },
        at,
      );
    };
  }

  /**
   * Opens the exit gate for a paid lost-ticket car. On a replay after a crash the car may still
   * be waiting (paid, gate never opened) or already gone; either way it is never charged again.
   */
  private async letOut(
    laneId: string,
    paid: PaymentResult,
    operator: OperatorView,
  ): Promise<LaneOutcome> {
    const lane = this.d.site.lane(laneId);
    const session = this.d.sessions.get(paid.session.id) ?? paid.session;
    if (session.state !== 'paid') {
      return { kind: 'exited', sessionId: session.id, gate: lane.view.gateState };
    }
    return this.d.flow.exitSession(
      lane,
      session,
      session.exitPhotoId,
      'lost-ticket',
      operator.name,
    );
  }
}
