import type { AuditEntryView, OperatorView } from '../../src-shared';
import { StationError } from '../../src-shared';
import type { Caller, HandlerMap } from '../ipc/dispatcher';
import type { Journal } from '../journal/journal';
import type { AlertService } from '../services/alert-service';
import { idempotentRequest } from '../services/idempotency';
import type { LaneControl } from '../services/lane-control';
import type { LotService } from '../services/lot-service';
import type { OperatorService } from '../services/operator-service';
import type { PaymentService } from '../services/payment-service';
import type { PhotoStore } from '../services/photo-store';
import type { SessionService } from '../services/session-service';
import type { StationStatusService } from '../services/station-status';

export interface HandlerDeps {
  status: StationStatusService;
  operators: OperatorService;
  lanes: LaneControl;
  sessions: SessionService;
  payments: PaymentService;
  alerts: AlertService;
  lot: LotService;
  photos: PhotoStore;
  journal: Pick<Journal, 'list'>;
}

/** The dispatcher checked role before calling; this narrows the type for handlers. */
function operatorOf(caller: Caller): OperatorView {
  if (!caller.operator) throw new StationError('NOT_SIGNED_IN', 'Sign in to do this.');
  return caller.operator;
}

/**
 * Maps every contract channel to the service that answers it: routing only. Payloads arrive
 * validated and the caller's role checked (src-main/ipc/dispatcher.ts).
 */
export function createHandlers(d: HandlerDeps): HandlerMap {
  return {
    'station:status': (_p, caller) => d.status.status(caller.operator),
    'operator:signIn': async (p, caller) => {
      caller.operator = await d.operators.signIn(p.name, p.pin);
      return caller.operator;
    },
    'operator:signOut': (_p, caller) => {
      if (caller.operator) d.operators.signedOut(caller.operator, 'sign-out');
      caller.operator = null;
      return null;
    },
    'lanes:list': () => d.lanes.list(),
    'lanes:manualRead': (p, caller) => d.lanes.manualRead(p.laneId, p.plate, operatorOf(caller)),
    'lanes:trigger': (p) => d.lanes.trigger(p.laneId),
    'lanes:openGate': (p, caller) => d.lanes.openGate(p.laneId, p.reason, operatorOf(caller)),
    'sessions:search': (p) => d.sessions.search(p.query, p.scope),
    'sessions:get': (p) => d.sessions.get(p.sessionId),
    'sessions:quote': (p) => d.sessions.quote(p.sessionId),
    'payments:cash': (p, caller) =>
      d.payments.payCash(p, idempotentRequest('payments:cash', p), operatorOf(caller)),
    'receipts:reprint': (p, caller) =>
      d.payments.reprint(p.receiptId, p.reason, operatorOf(caller)),
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
    'audit:list': (p) => d.journal.list({ limit: p.limit }).map(asAuditEntry),
    'journal:list': (p) => d.journal.list(p),
  };
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
