import type { AuditEntryView, OperatorView } from '../../src-shared';
import { refused } from '../../src-shared';
import type { Caller, HandlerMap } from '../ipc/dispatcher';
import type { Journal } from '../journal/journal';
import type { AlertService } from '../services/alert-service';
import type { BookingService } from '../services/booking-service';
import type { Charts } from './charts';
import type { CouponRedemptions } from '../services/coupon-redemptions';
import type { ExceptionService } from '../exceptions/exception-service';
import type { Loyalty } from './loyalty';
import type { FuelCheckout } from '../services/fuel-checkout';
import type { RedemptionSlips } from '../services/redemption-slip';
import type { EtokenCheckIn } from '../services/etoken-check-in';
import { idempotentRequest } from '../services/idempotency';
import type { LaneControl } from '../services/lane-control';
import type { LaneRois } from '../services/lane-rois';
import type { LotService } from '../services/lot-service';
import type { OperatorService } from '../services/operator-service';
import type { CardPayments } from '../services/card-payments';
import type { QrPayments } from '../services/qr-payments';
import type { DigitalReceipts } from '../services/digital-receipt';
import type { NilPayments } from '../services/nil-payments';
import type { PaymentReversals } from '../services/payment-reversals';
import type { PaymentService } from '../services/payment-service';
import type { PrintQueue } from '../services/print-queue';
import type { PhotoStore } from '../services/photo-store';
import type { SessionService } from '../services/session-service';
import type { ShiftService } from '../services/shift-service';
import type { SignedInOperators } from '../services/signed-in-operators';
import type { StationSettings } from '../services/station-settings';
import type { StationStatusService } from '../services/station-status';
import type { UnableToCollect } from '../services/unable-to-collect';
import type { Sync } from '../sync/create-sync';

export interface HandlerDeps {
  status: StationStatusService;
  settings: StationSettings;
  operators: OperatorService;
  signIns: SignedInOperators;
  lanes: LaneControl;
  laneRois: LaneRois;
  sessions: SessionService;
  shifts: ShiftService;
  reversals: PaymentReversals;
  nilPayments: NilPayments;
  cardPayments: CardPayments;
  qrPayments: QrPayments;
  /** Null when the station has no digital receipt page (receipts.digitalBaseUrl). */
  digitalReceipts: DigitalReceipts | null;
  payments: PaymentService;
  printQueue: PrintQueue;
  unableToCollect: UnableToCollect;
  alerts: AlertService;
  lot: LotService;
  photos: PhotoStore;
  journal: Pick<Journal, 'list'>;
  sync: Pick<Sync, 'status' | 'now' | 'retryHeld'>;
  bookings: { service: BookingService; tokens: EtokenCheckIn };
  charts: Pick<Charts, 'demand' | 'forecast' | 'limits'>;
  exceptions: Pick<ExceptionService, 'list' | 'acknowledge'>;
  loyalty: Pick<Loyalty, 'members' | 'redeem' | 'products' | 'redeemProduct'>;
  /** Prints each redemption's slip once it committed. */
  slips: Pick<RedemptionSlips, 'after'>;
  coupons: Pick<CouponRedemptions, 'redeem' | 'refusals'>;
  /** Null when the site has no pumps. */
  fuel: Pick<FuelCheckout, 'sales' | 'payCash' | 'payCard' | 'confirmPlate'> | null;
}

/** The dispatcher checked role before calling; this narrows the type for handlers. */
function operatorOf(caller: Caller): OperatorView {
  if (!caller.operator) throw refused('NOT_SIGNED_IN', 'refusal.signIn');
  return caller.operator;
}

/**
 * Maps every contract channel to the service that answers it: routing only. Payloads arrive
 * validated and the caller's role checked (src-main/ipc/dispatcher.ts).
 */
export function createHandlers(d: HandlerDeps): HandlerMap {
  return {
    'station:status': (_p, caller) => ({
      ...d.status.status(caller.operator),
      session: d.signIns.session(caller.callerId),
      needsSetup: d.operators.needsSetup(),
    }),
    'setup:firstManager': async (p, caller) => {
      const s = await d.operators.setupFirstManager(p.name, p.pin);
      return d.signIns.signIn(caller.callerId, s.operator, s.mustChangePin, s.record);
    },
    'operator:signIn': async (p, caller) => {
      const s = await d.operators.signIn(p.name, p.pin, caller.callerId);
      return d.signIns.signIn(caller.callerId, s.operator, s.mustChangePin, s.record);
    },
    'operator:signOut': (_p, caller) => {
      d.signIns.signOut(caller.callerId);
      return null;
    },
    'operator:unlock': async (p, caller) => {
      const me = operatorOf(caller).name;
      const s = await d.operators.unlock(me, p.pin, caller.callerId);
      return sessionOf(d.signIns.unlocked(caller.callerId, me, s.mustChangePin));
    },
    'operator:activity': (_p, caller) => {
      d.signIns.touch(caller.callerId);
      return null;
    },
    'operator:changePin': async (p, caller) => {
      const me = operatorOf(caller).name;
      await d.operators.changePin(me, p.currentPin, p.newPin, caller.callerId);
      return sessionOf(d.signIns.pinChanged(caller.callerId, me));
    },
    'operator:elevate': async (p, caller) => {
      const manager = await d.operators.approve(p.name, p.pin, caller.callerId);
      const grant = d.signIns.grant(caller.callerId, manager, p.channel);
      if (!grant) throw refused('NOT_SIGNED_IN', 'refusal.signIn');
      return grant;
    },
    'operators:list': () => d.operators.list(),
    'operators:add': (p, caller) => d.operators.add(operatorOf(caller), p.name, p.role, p.pin),
    'operators:resetPin': (p, caller) =>
      d.operators.resetPin(operatorOf(caller), p.name, p.pin, p.reason),
    'settings:setLanguage': (p, caller) => d.settings.setLanguage(p.language, operatorOf(caller)),
    'lanes:list': () => d.lanes.list(),
    'lanes:manualRead': (p, caller) => d.lanes.manualRead(p.laneId, p.plate, operatorOf(caller)),
    'lanes:trigger': (p) => d.lanes.trigger(p.laneId),
    'lanes:openGate': (p, caller) => d.lanes.openGate(p.laneId, p.reason, operatorOf(caller)),
    'lanes:setRoi': (p, caller) => d.laneRois.set(p.laneId, p.roi, operatorOf(caller)),
    'sessions:search': (p) => d.sessions.search(p.query, p.scope),
    'sessions:get': (p) => d.sessions.get(p.sessionId),
    'sessions:quote': (p) => d.sessions.quote(p.sessionId),
    'payments:cash': (p, caller) =>
      d.payments.payCash(p, idempotentRequest('payments:cash', p), operatorOf(caller)),
    'payments:unableToCollect': (p, caller) => d.unableToCollect.letOut(p, operatorOf(caller)),
    'receipts:reprint': (p, caller) =>
      d.printQueue.reprint(p.receiptId, p.reason, operatorOf(caller)),
    'receipts:digital': async (p) => {
      if (!d.digitalReceipts) {
        throw refused('NOT_FOUND', 'refusal.noDigitalReceipts');
      }
      const { receiptNumber, url, qrPngDataUrl } = await d.digitalReceipts.forReceipt(p.receiptId);
      return { receiptNumber, url, qrPngDataUrl };
    },
    'receipts:attention': () => d.printQueue.printsNeedingAttention(),
    'receipts:void': (p, caller) => d.printQueue.voidPrint(p.jobId, p.reason, operatorOf(caller)),
    'payments:card': (p, caller) =>
      d.cardPayments.pay(p, idempotentRequest('payments:card', p), operatorOf(caller)),
    'payments:qrStart': (p, caller) => {
      const { idempotencyKey: _key, ...input } = p;
      return d.qrPayments.start(
        input,
        idempotentRequest('payments:qrStart', p),
        operatorOf(caller),
      );
    },
    'payments:qrCancel': (p) => d.qrPayments.cancel(p.reference),
    'payments:qrStatus': (p) => d.qrPayments.status(p.reference),
    'payments:qrOpen': (p) => d.qrPayments.openFor(p.sessionId),
    'payments:qrPrint': (p) => d.qrPayments.print(p.reference),
    'payments:waive': (p, caller) => {
      const { idempotencyKey: _key, ...input } = p;
      return d.nilPayments.waive(
        input,
        idempotentRequest('payments:waive', p),
        operatorOf(caller),
        caller.attendant,
      );
    },
    'payments:byReceipt': (p) => d.reversals.find(p.receiptNumber),
    'payments:void': (p, caller) => d.reversals.void(p.paymentId, p.reason, operatorOf(caller)),
    'payments:refund': (p, caller) =>
      d.reversals.refund(p.paymentId, p.amountMinor, p.reason, operatorOf(caller)),
    'shifts:drawer': () => d.shifts.drawer(),
    'shifts:open': (p, caller) => d.shifts.open(p.count, operatorOf(caller)),
    'shifts:moveCash': (p, caller) => d.shifts.moveCash(p, operatorOf(caller)),
    'shifts:pause': (_p, caller) => {
      const drawer = d.shifts.pause(operatorOf(caller));
      d.signIns.lock(caller.callerId);
      return drawer;
    },
    'shifts:resume': (_p, caller) => d.shifts.resume(operatorOf(caller)),
    'shifts:xReport': (_p, caller) => d.shifts.xReport(operatorOf(caller)),
    'shifts:close': (p, caller) => d.shifts.close(p.count, operatorOf(caller)),
    'shifts:acceptVariance': (p, caller) => d.shifts.acceptVariance(p.reason, operatorOf(caller)),
    'alerts:list': () => d.alerts.list(),
    'alerts:resolve': (p, caller) => d.alerts.resolve(p, operatorOf(caller)),
    'alerts:admitBlacklisted': (p, caller) => d.alerts.admitBlacklisted(p, operatorOf(caller)),
    'lot:list': () => d.lot.list(),
    'lot:correctPlate': (p, caller) =>
      d.lot.correctPlate(p.sessionId, p.plate, p.reason, operatorOf(caller)),
    'lot:markPaid': (p, caller) => d.lot.markPaid(p.sessionId, p.reason, operatorOf(caller)),
    'lot:deleteRecord': (p, caller) =>
      d.lot.deleteRecord(p.sessionId, p.reason, operatorOf(caller)),
    'photos:get': (p) => ({ dataUrl: d.photos.dataUrl(p.photoId) }),
    'audit:list': (p) => d.journal.list({ limit: p.limit }).map(asAuditEntry),
    'journal:list': (p) => d.journal.list(p),
    'sync:status': () => d.sync.status(),
    'sync:now': () => d.sync.now(),
    'sync:retryHeld': (p, caller) =>
      d.sync.retryHeld(p.aggregateType, p.aggregateId, operatorOf(caller).name),
    'bookings:list': (p) => d.bookings.service.list(p),
    'bookings:create': (p, caller) => d.bookings.service.create(p, operatorOf(caller)),
    'bookings:checkIn': (p, caller) => d.bookings.service.checkIn(p.bookingId, operatorOf(caller)),
    'bookings:scanToken': (p, caller) => d.bookings.tokens.scan(p.token, operatorOf(caller)),
    'bookings:startService': (p, caller) =>
      d.bookings.service.startService(p.bookingId, operatorOf(caller)),
    'bookings:complete': (p, caller) =>
      d.bookings.service.complete(p.bookingId, operatorOf(caller)),
    'bookings:cancel': (p, caller) =>
      d.bookings.service.cancel(p.bookingId, p.reason, operatorOf(caller)),
    'bookings:convertToWalkIn': (p, caller) =>
      d.bookings.service.convertToWalkIn(p.bookingId, p.reason, operatorOf(caller)),
    'charts:demand': (p) => d.charts.demand(p),
    'charts:forecast': (p) => d.charts.forecast(p),
    'charts:limits': () => d.charts.limits.get(),
    'charts:setLimits': (p, caller) => d.charts.limits.set(p, operatorOf(caller).name),
    'exceptions:list': (p) => d.exceptions.list(p),
    'exceptions:acknowledge': (p, caller) =>
      d.exceptions.acknowledge(p.id, p.note, operatorOf(caller)),
    'loyalty:lookup': (p) => d.loyalty.members.identify(p),
    'loyalty:redeem': (p, caller) => d.slips.after(d.loyalty.redeem(p, operatorOf(caller).name)),
    'loyalty:products': () => d.loyalty.products(),
    'loyalty:redeemProduct': (p, caller) =>
      d.slips.after(d.loyalty.redeemProduct(p, operatorOf(caller).name)),
    'coupons:redeem': (p, caller) => d.coupons.redeem(p.code, operatorOf(caller).name),
    'coupons:refusals': () => d.coupons.refusals(),
    'fuel:sales': () => d.fuel?.sales() ?? [],
    'fuel:confirmPlate': (p, caller) => {
      if (!d.fuel) throw refused('NOT_FOUND', 'refusal.noSuchFuelSale');
      return d.fuel.confirmPlate(p.saleId, p.plate, operatorOf(caller));
    },
    'fuel:payCash': (p, caller) => {
      if (!d.fuel) throw refused('NOT_FOUND', 'refusal.noSuchFuelSale');
      return d.fuel.payCash(p, idempotentRequest('fuel:payCash', p), operatorOf(caller));
    },
    'fuel:payCard': (p, caller) => {
      if (!d.fuel) throw refused('NOT_FOUND', 'refusal.noSuchFuelSale');
      return d.fuel.payCard(p, idempotentRequest('fuel:payCard', p), operatorOf(caller));
    },
  };
}

/** The session went while its PIN was being checked (signed out, or the console closed). */
function sessionOf<T>(session: T | null): T {
  if (!session) throw refused('NOT_SIGNED_IN', 'refusal.signIn');
  return session;
}

/** The audit log is a view over the journal: who did what to which record, and why. */
function asAuditEntry(e: ReturnType<Journal['list']>[number]): AuditEntryView {
  const payload = (e.payload ?? {}) as { reason?: unknown };
  return {
    id: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.type,
    subject: e.aggregateId,
    reason: typeof payload.reason === 'string' ? payload.reason : '',
    detail: JSON.stringify(e.payload),
  };
}
