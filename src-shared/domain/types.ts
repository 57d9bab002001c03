import type { z } from 'zod';
import type * as v from '../contract/views';

/**
 * The view and domain types shared by main and renderer, derived from the contract's zod
 * schemas (src-shared/contract/views.ts), so a shape is declared once. Times are epoch
 * milliseconds; money is integer minor units.
 */

export type LaneDirection = 'entry' | 'exit';
export type Role = z.output<typeof v.role>;
export type SessionState = z.output<typeof v.sessionState>;
export type ParkingSession = z.output<typeof v.parkingSession>;
export type GateState = z.output<typeof v.gateState>;
export type DeviceHealth = z.output<typeof v.deviceHealth>;
export type DeviceStatus = z.output<typeof v.deviceStatus>;
export type PlateReadView = z.output<typeof v.plateReadView>;
export type LaneMessageTone = z.output<typeof v.laneMessageTone>;
export type LaneView = z.output<typeof v.laneView>;
export type ZoneView = z.output<typeof v.zoneView>;
export type FeeLineView = z.output<typeof v.feeLineView>;
export type QuoteView = z.output<typeof v.quoteView>;
export type SessionView = z.output<typeof v.sessionView>;
export type MatchKind = z.output<typeof v.matchKind>;
export type SearchCandidate = z.output<typeof v.searchCandidate>;
export type PaymentView = z.output<typeof v.paymentView>;
export type PrintState = z.output<typeof v.printState>;
export type PrintJobView = z.output<typeof v.printJobView>;
export type PaymentResult = z.output<typeof v.paymentResult>;
export type QrPaymentView = z.output<typeof v.qrPaymentView>;
export type LotEntry = z.output<typeof v.lotEntry>;
export type AlertView = z.output<typeof v.alertView>;
/** An alert as stored; the fee is worked out when it is shown. */
export type StoredAlert = Omit<AlertView, 'lostTicketFeeMinor'>;
export type AuditEntryView = z.output<typeof v.auditEntryView>;
export type OperatorView = z.output<typeof v.operatorView>;
export type OperatorSession = z.output<typeof v.operatorSession>;
export type OperatorEntry = z.output<typeof v.operatorEntry>;
export type ElevationGrant = z.output<typeof v.elevationGrant>;
export type StationStatus = z.output<typeof v.stationStatus>;
export type StationSettingsView = z.output<typeof v.stationSettings>;
export type LaneOutcome = z.output<typeof v.laneOutcome>;
export type OfflinePolicy = z.output<typeof v.offlinePolicy>;
export type HeldAggregateView = z.output<typeof v.heldAggregateView>;
export type SyncStatusView = z.output<typeof v.syncStatusView>;
export type CashCountView = z.output<typeof v.cashCount>;
export type ShiftView = z.output<typeof v.shiftView>;
export type DrawerView = z.output<typeof v.drawerView>;
export type ShiftReportView = z.output<typeof v.shiftReportView>;
export type PaymentDetailView = z.output<typeof v.paymentDetailView>;
