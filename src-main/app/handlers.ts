import type { OperatorView, SessionView, StationStatus } from '../../src-shared';
import { normalizePlate, quoteSession, StationError } from '../../src-shared';
import type { Caller, HandlerMap } from '../ipc/dispatcher';
import type { AlertService } from '../services/alert-service';
import { idempotentRequest } from '../services/idempotency';
import type { LaneControl } from '../services/lane-control';
import type { LotService } from '../services/lot-service';
import type { OperatorService } from '../services/operator-service';
import type { PaymentService } from '../services/payment-service';
import type { PhotoStore } from '../services/photo-store';
import type { StationContext } from '../services/station-context';

export interface HandlerDeps {
  ctx: StationContext;
  mode: 'electron' | 'headless';
  operators: OperatorService;
  lanes: LaneControl;
  payments: PaymentService;
  alerts: AlertService;
  lot: LotService;
  photos: PhotoStore;
  deviceStatuses: () => StationStatus['devices'];
}

/** The dispatcher checked role before calling; this narrows the type for handlers. */
function operatorOf(caller: Caller): OperatorView {
  if (!caller.operator) throw new StationError('NOT_SIGNED_IN', 'Sign in to do this.');
  return caller.operator;
}

/** Maps every contract channel to the service that answers it. Payloads arrive validated. */
export function createHandlers(d: HandlerDeps): HandlerMap {
  const { ctx } = d;
  const currency = [...ctx.tariffs.values()][0]?.currency ?? 'EUR';
  const sessionView = (id: string): SessionView => {
    const session = ctx.repos.sessions.get(id);
    if (!session || session.state === 'deleted')
      throw new StationError('NOT_FOUND', 'No such parking session.');
    const inLot = session.state === 'open' || session.state === 'paid';
    return {
      ...session,
      quote: inLot ? quoteSession(session, ctx.tariff(session.tariffId), ctx.now()) : null,
    };
  };

  return {
    'station:status': (_p, caller) => ({
      stationName: ctx.stationName,
      mode: d.mode,
      currency,
      operator: caller.operator,
      devices: d.deviceStatuses(),
      zones: ctx.repos.site.zoneViews((z) => ctx.repos.sessions.countInLot(z)),
    }),
    'operator:signIn': async (p, caller) => {
      caller.operator = await d.operators.signIn(p.name, p.pin);
      return caller.operator;
    },
    'operator:signOut': (_p, caller) => {
      caller.operator = null;
      return null;
    },
    'lanes:list': () => d.lanes.list(),
    'lanes:manualRead': (p) => d.lanes.manualRead(p.laneId, p.plate),
    'lanes:trigger': (p) => d.lanes.trigger(p.laneId),
    'lanes:openGate': (p, caller) => d.lanes.openGate(p.laneId, p.reason, operatorOf(caller)),
    'sessions:search': (p) => {
      const checked = normalizePlate(p.query);
      if (!checked.ok) {
        throw new StationError('INVALID_PAYLOAD', checked.message, [
          { path: 'query', message: checked.message },
        ]);
      }
      return ctx.repos.plateSearch.search(checked.plate, p.scope);
    },
    'sessions:get': (p) => sessionView(p.sessionId),
    'sessions:quote': (p) => {
      const view = sessionView(p.sessionId);
      if (!view.quote) throw new StationError('CONFLICT', 'This car is no longer in the lot.');
      return view.quote;
    },
    'payments:cash': (p, caller) =>
      d.payments.payCash(p, idempotentRequest('payments:cash', p), operatorOf(caller)),
    'receipts:reprint': async (p, caller) => {
      ctx.repos.audit.append({
        actor: operatorOf(caller).name,
        action: 'receipt-reprint',
        subject: p.receiptId,
        reason: p.reason,
      });
      return d.payments.reprint(p.receiptId);
    },
    'receipts:attention': () => d.payments.printsNeedingAttention(),
    'receipts:void': (p, caller) => d.payments.voidPrint(p.jobId, p.reason, operatorOf(caller)),
    'alerts:list': () => d.alerts.list(),
    'alerts:resolve': (p, caller) => d.alerts.resolve(p, operatorOf(caller)),
    'lot:list': () => d.lot.list(),
    'lot:correctPlate': (p, caller) =>
      d.lot.correctPlate(p.sessionId, p.plate, p.reason, operatorOf(caller)),
    'lot:markPaid': (p, caller) => d.lot.markPaid(p.sessionId, p.reason, operatorOf(caller)),
    'lot:deleteRecord': (p, caller) =>
      d.lot.deleteRecord(p.sessionId, p.reason, operatorOf(caller)),
    'photos:get': (p) => ({ dataUrl: d.photos.dataUrl(p.photoId) }),
    'audit:list': (p) => ctx.repos.audit.list(p.limit),
  };
}
