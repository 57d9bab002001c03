import { z } from 'zod';
import { bookingsChanged } from './bookings';
import { fuelChanged } from './fuel';
import * as v from './views';

/** Events the main process pushes to the renderer. Each payload is validated before it is sent. */
export const events = {
  'lane:updated': v.laneView,
  /** A camera frame, JPEG base64, sent at a bounded rate per lane. */
  'lane:frame': z.object({ laneId: z.string(), at: z.number(), jpegBase64: z.string() }),
  'zone:occupancy': v.zoneView,
  'session:changed': z.object({ sessionId: z.string(), change: z.string() }),
  'alert:raised': v.alertView,
  /**
   * A receipt's print job changed: printed, failed, interrupted, voided, or held in the queue
   * (queued, detail says why: "waiting for the printer: paper out"). The receipts-to-check list
   * may have changed, and a payment's receipt line can follow its receipt by id.
   */
  'receipt:printed': z.object({
    jobId: z.int(),
    receiptId: z.string(),
    printState: v.printState,
    detail: z.string(),
  }),
  'device:status': v.deviceStatus,
  /** Sync's state changed (online or offline, pending counts, held aggregates). */
  'sync:status': v.syncStatusView,
  /** The drawer's shift opened, moved cash, paused, counted or closed (blind until counted). */
  'shift:changed': v.drawerView,
  /** A QR payment changed: shown, paid (with its payment), cancelled, expired or failed. */
  'qr:changed': v.qrPaymentView,
  /** A manager changed a station setting (the console's language): every console follows. */
  'settings:changed': v.stationSettings,
  /** A booking was created, checked in, started, completed, cancelled, expired or missed. */
  'bookings:changed': bookingsChanged,
  /**
   * The exception rules raised new exceptions or grew some (or one was acknowledged): a manager's
   * Exceptions screen asks again. Only the count goes to every console; the list is a manager's.
   */
  'exceptions:changed': z.object({ changed: z.int().positive() }),
  /** A fuel sale was recorded (a delivery ended) or paid: the booth's fuel list asks again. */
  'fuel:changed': fuelChanged,
  /**
   * Members' balances changed (a sale earned, a refund took points back, a redemption spent
   * some): a member panel showing one of them looks again. Only the ids go out.
   */
  'loyalty:changed': z.object({ memberIds: z.array(z.string()).min(1).max(500) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
