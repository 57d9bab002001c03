import type { PaymentResult, QrPaymentView } from '../../src-shared';
import type { QrAttempt } from '../db/repositories/qr-attempt-repository';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import { digitalReceiptQr } from './digital-receipt';
import type { SiteCatalog } from './site-catalog';

/**
 * What a console shows of a QR attempt: the code only while it can be paid (a withdrawn or
 * expired link on screen would invite a payment the station refuses to wait for).
 */
export async function qrPaymentView(
  attempt: QrAttempt,
  result: PaymentResult | null,
): Promise<QrPaymentView> {
  const showQr = attempt.state === 'shown' && attempt.payUrl !== null;
  return {
    reference: attempt.reference,
    sessionId: attempt.sessionId,
    state: attempt.state,
    qrMinor: attempt.qrMinor,
    cashMinor: attempt.cashMinor,
    currency: attempt.currency,
    payUrl: showQr ? attempt.payUrl : null,
    qrPngDataUrl: showQr ? (await digitalReceiptQr(attempt.payUrl!)).pngDataUrl : null,
    expiresAt: attempt.expiresAt,
    detail: attempt.detail,
    result,
  };
}

/** The slip with the same code, for a customer who can't scan the screen; in the receipt language. */
export function qrSlip(
  attempt: QrAttempt,
  plate: string,
  stationName: string,
  paper: SiteCatalog['paper'],
): ReceiptDocument {
  const { t, format } = paper;
  return {
    header: [stationName, t('qrSlip.title')],
    lines: [{ left: plate, right: format.money(attempt.qrMinor, attempt.currency) }],
    totals: [],
    notes: [t('qrSlip.expires', { time: format.time(attempt.expiresAt) })],
    barcode: { kind: 'qr', data: attempt.payUrl ?? '' },
    footer: [attempt.reference],
  };
}
