import type { AlertView, LaneOutcome, OperatorView, PaymentResult } from '../../src-shared';
import { normalizePlate, StationError } from '../../src-shared';
import { newId } from './ids';
import type { ParkingFlow } from './parking-flow';
import type { PaymentService } from './payment-service';
import type { StationContext } from './station-context';

export type AlertResolution =
  | { alertId: string; action: 'match'; sessionId: string; reason: string }
  | { alertId: string; action: 'lostTicket'; tenderedMinor: number }
  | { alertId: string; action: 'confirm'; plate: string }
  | { alertId: string; action: 'dismiss'; reason: string };

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
          r.tenderedMinor,
          operator,
        );
        audit('lost-ticket', 'no entry record', {
          sessionId: payment.session.id,
          paymentId: payment.payment.id,
        });
        repos.alerts.resolve(alert.id, `lost ticket ${payment.payment.id}`);
        const outcome = await this.flow.exitSession(
          lane,
          payment.session,
          alert.photoId,
          'lost-ticket',
        );
        return { outcome, payment };
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
}
