/** Pure domain and view types shared by main and renderer. Times are epoch milliseconds. */

export type LaneDirection = 'entry' | 'exit';
export type Role = 'cashier' | 'manager';

/** open: in the lot, fee running. paid: in the lot, inside or past its exit window. */
export type SessionState = 'open' | 'paid' | 'closed' | 'deleted';

export interface ParkingSession {
  id: string;
  plate: string;
  zoneId: string;
  tariffId: string;
  entryLaneId: string | null;
  /** The fee clock's start; a re-entry keeps the original entry time here. */
  entryAt: number;
  entryPhotoId: string | null;
  state: SessionState;
  paidMinor: number;
  /** Paid cars may leave until this instant; after it the fee resumes from it. */
  exitBy: number | null;
  exitAt: number | null;
  exitLaneId: string | null;
  exitPhotoId: string | null;
  lostTicket: boolean;
  /** Set when this stay continues an earlier one (re-entry within the tariff's window). */
  continuesSessionId: string | null;
}

export type GateState = 'closed' | 'opening' | 'open' | 'closing' | 'fault' | 'unknown';
export type DeviceHealth = 'ok' | 'warning' | 'fault' | 'offline';

export interface DeviceStatus {
  id: string;
  kind: 'printer' | 'gate' | 'camera' | 'database' | 'anpr' | 'journal';
  label: string;
  health: DeviceHealth;
  detail: string;
}

export interface PlateReadView {
  plate: string;
  confidence: number;
  source: 'camera' | 'manual';
  at: number;
  photoId: string | null;
}

export type LaneMessageTone = 'info' | 'ok' | 'warn' | 'error';

export interface LaneView {
  id: string;
  name: string;
  direction: LaneDirection;
  zoneId: string;
  gateState: GateState;
  gatePosition: number | null;
  lastRead: PlateReadView | null;
  message: { text: string; tone: LaneMessageTone; amountMinor?: number } | null;
}

export interface ZoneView {
  id: string;
  name: string;
  capacity: number;
  occupied: number;
}

export interface FeeLineView {
  label: string;
  amountMinor: number;
}

export interface QuoteView {
  sessionId: string;
  at: number;
  currency: string;
  /** What is owed now, after earlier payments and the exit window. */
  dueMinor: number;
  feeTotalMinor: number;
  paidMinor: number;
  lines: FeeLineView[];
  /** If paid now, the car may leave until this instant. */
  exitByIfPaidNow: number;
}

export interface SessionView extends ParkingSession {
  quote: QuoteView | null;
}

export type MatchKind = 'exact' | 'lookalike' | 'partial' | 'fuzzy';

export interface SearchCandidate {
  session: ParkingSession;
  matchKind: MatchKind;
  /** Lower is closer; 0 is an exact match. */
  distance: number;
}

export interface PaymentView {
  id: string;
  sessionId: string;
  method: 'cash';
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  at: number;
  operator: string;
  receiptId: string;
}

/** interrupted: the station stopped mid-print, so nobody knows what came out. */
export type PrintState = 'queued' | 'printed' | 'failed' | 'interrupted' | 'voided';

/** A receipt print the cashier must deal with: reprint it as a copy, or void it. */
export interface PrintJobView {
  jobId: number;
  receiptId: string;
  paymentId: string;
  plate: string;
  amountMinor: number;
  currency: string;
  /** A reprint (marked COPY on paper) rather than the original. */
  copy: boolean;
  state: PrintState;
  detail: string;
  at: number;
}

export interface PaymentResult {
  payment: PaymentView;
  session: ParkingSession;
  receipt: { id: string; printState: PrintState; detail: string };
}

export interface LotEntry {
  session: ParkingSession;
  feeSoFarMinor: number;
  dueMinor: number;
}

export interface AlertView {
  id: string;
  kind: 'no-entry-record' | 'low-confidence-read';
  laneId: string;
  plate: string;
  /** The whole lane frame, and the plate crop when the reader cut one. */
  photoId: string | null;
  cropPhotoId: string | null;
  /** The reader's confidence and its runner-up texts, for the cashier to choose from. */
  confidence: number;
  alternates: string[];
  at: number;
  resolved: boolean;
  /**
   * For a no-entry-record alert: what charging it as a lost ticket takes now, from the tariff of
   * the lane's zone, so the cashier can say it before taking cash. Null for other kinds.
   */
  lostTicketFeeMinor: number | null;
}

/** An alert as stored; the fee is worked out when it is shown. */
export type StoredAlert = Omit<AlertView, 'lostTicketFeeMinor'>;

export interface AuditEntryView {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  reason: string;
  detail: string;
}

export interface OperatorView {
  name: string;
  role: Role;
}

export interface StationStatus {
  stationName: string;
  mode: 'electron' | 'headless';
  currency: string;
  operator: OperatorView | null;
  devices: DeviceStatus[];
  zones: ZoneView[];
}

/** What a read at a lane led to. */
export type LaneOutcome =
  | { kind: 'entered'; sessionId: string; gate: GateState }
  | { kind: 'full'; zoneId: string }
  | { kind: 'exited'; sessionId: string; gate: GateState }
  | { kind: 'unpaid'; sessionId: string; dueMinor: number }
  | { kind: 'no-record'; alertId: string }
  | { kind: 'already-inside'; sessionId: string }
  | { kind: 'needs-confirmation'; alertId: string };
