import type {
  AlertView,
  LaneOutcome,
  OperatorView,
  ParsedRequestOf,
  PaymentResult,
} from '../../src-shared';
import { normalizePlate, StationError } from '../../src-shared';
import { idempotentRequest } from './idempotency';
import { newId } from './ids';
import type { ParkingFlow } from './parking-flow';
import type { PaymentService } from './payment-service';
import type { StationContext } from './station-context';

export type AlertResolution = ParsedRequestOf<'alerts:resolve'>;

/** The cashier settles what a lane could not: unknown exits and doubtful reads. */
export class AlertService {
  constructor(
    private readonly ctx: StationContext,
    private readonly flow: ParkingFlow,
    private readonly payments: PaymentService,
  ) {}

  list(): AlertView[] {
    return this.ctx.repos.alerts.open().map((alert) => this.ctx.alertView(alert));
  }

  async resolve(
    r: AlertResolution,
    operator: OperatorView,
  ): Promise<{ outcome: LaneOutcome; payment: PaymentResult | null }> {
    if (r.action === 'lostTicket') {
      // A replay is answered before the "already resolved" check: the first attempt resolved it.
      const replayed = this.payments.replay(idempotentRequest('alerts:resolve', r));
      const laneId = replayed && this.ctx.repos.alerts.get(r.alertId)?.laneId;
      if (replayed && laneId)
        return { outcome: await this.letOut(laneId, replayed), payment: replayed };
    }
    const alert = this.ctx.repos.alerts.get(r.alertId);
    if (!alert || alert.resolved)
      throw new StationError('NOT_FOUND', 'This alert is already resolved.');
    const lane = this.ctx.lane(alert.laneId);
    const { repos } = this.ctx;
    const audit = (action: string, reason: string, detail: Record<string, unknown>) =>
      repos.audit.append({ actor: operator.name, action, subject: alert.id, reason, detail });

    switch (r.action) {
      case 'match': {
        const session = repos.sessions.get(r.sessionId);
        if (!session || (session.state !== 'open' && session.state !== 'paid')) {
          throw new StationError('NOT_FOUND', 'That car is not in the lot.');
        }
        audit('alert-match', r.reason, {
          sessionId: session.id,
          readPlate: alert.plate,
          plate: session.plate,
        });
        repos.alerts.resolve(alert.id, `matched ${session.id}`);
        const outcome = await this.flow.exitSession(lane, session, alert.photoId, 'cashier-match');
        return { outcome, payment: null };
      }
      case 'lostTicket': {
        const zone = this.ctx.zone(lane.config.zoneId);
        const now = this.ctx.now();
        const payment = await this.payments.payLostTicket(
          {
            id: newId('S', now),
            plate: normalizePlate(alert.plate).ok ? alert.plate : 'UNKNOWN',
            zoneId: zone.id,
            tariffId: zone.tariffId,
            entryLaneId: null,
            entryAt: now,
            entryPhotoId: null,
            exitAt: null,
            exitLaneId: null,
            exitPhotoId: alert.photoId,
            continuesSessionId: null,
          },
          {
            alertId: alert.id,
            tenderedMinor: r.tenderedMinor,
            request: idempotentRequest('alerts:resolve', r),
          },
          operator,
        );
        return { outcome: await this.letOut(lane.id, payment), payment };
      }
      case 'confirm': {
        const checked = normalizePlate(r.plate);
        if (!checked.ok) {
          throw new StationError('INVALID_PAYLOAD', checked.message, [
            { path: 'plate', message: checked.message },
          ]);
        }
        repos.alerts.resolve(alert.id, `confirmed ${r.plate}`);
        audit('plate-confirm', 'cashier confirmed a doubtful read', {
          read: alert.plate,
          confirmed: r.plate,
        });
        const outcome = await this.flow.handleRead(lane.id, {
          plate: r.plate,
          confidence: 1,
          source: 'manual',
          photoId: alert.photoId,
        });
        return { outcome, payment: null };
      }
      case 'dismiss':
        audit('alert-dismiss', r.reason, { plate: alert.plate });
        repos.alerts.resolve(alert.id, 'dismissed');
        return { outcome: { kind: 'no-record', alertId: alert.id }, payment: null };
    }
  }

  /**
   * Opens the exit gate for a paid lost-ticket car. On a replay after a crash the car may still
   * be waiting (paid, gate never opened) or already gone; either way it is never charged again.
   */
  private async letOut(laneId: string, paid: PaymentResult): Promise<LaneOutcome> {
    const session = this.ctx.repos.sessions.get(paid.session.id) ?? paid.session;
    if (session.state !== 'paid') {
      return { kind: 'exited', sessionId: session.id, gate: this.ctx.lane(laneId).view.gateState };
    }
    return this.flow.exitSession(
      this.ctx.lane(laneId),
      session,
      session.exitPhotoId,
      'lost-ticket',
    );
  }
}
