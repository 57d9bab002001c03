import type { ParkingSession, PaymentView, QuoteView } from '../../src-shared';
import { formatMoney } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';

export interface ReceiptInput {
  stationName: string;
  timeZone: string;
  session: ParkingSession;
  payment: PaymentView;
  /** Each tender's part; absent: all in cash. */
  tenders?: { tender: 'cash' | 'card'; amountMinor: number; tenderedMinor: number }[];
  /** The card's brand, masked number and approval code, for the card line. */
  card?: { cardBrand: string | null; maskedPan: string | null; authCode: string | null };
  quote: QuoteView;
  exitBy: number;
  /** A nil payment: the fee a manager waived, who and why (the receipt shows it, TOTAL 0). */
  waiver?: { feeMinor: number; reason: string; approvedBy: string };
}

/** The line that carries the receipt's number (a COPY prints the same line). */
export function receiptNumberLine(receiptNumber: string): string {
  return `Receipt no. ${receiptNumber}`;
}

function localTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);
}

/** The customer's receipt: what was charged and why, what was paid, and when to leave by. */
export function buildParkingReceipt(r: ReceiptInput): ReceiptDocument {
  const money = (m: number) => formatMoney(m, r.quote.currency);
  const lines = r.quote.lines.map((l) => ({ left: l.label, right: money(l.amountMinor) }));
  const earlier = r.quote.feeTotalMinor - r.payment.amountMinor;
  const waived = r.waiver?.feeMinor ?? 0;
  if (earlier - waived > 0 && !r.session.lostTicket) {
    lines.push({ left: 'Settled earlier', right: money(-(earlier - waived)) });
  }
  if (r.waiver) lines.push({ left: 'Fee waived', right: money(-waived) });
  return {
    header: [
      r.stationName,
      r.session.lostTicket ? 'Lost ticket receipt' : 'Parking receipt',
      receiptNumberLine(r.payment.receiptNumber),
    ],
    lines,
    totals: [
      { left: 'TOTAL', right: money(r.payment.amountMinor), bold: true },
      ...tenderLines(r, money),
      ...(r.waiver ? [] : [{ left: 'Change', right: money(r.payment.changeMinor) }]),
    ],
    notes: [
      `Plate: ${r.session.plate}`,
      `Entry: ${r.session.lostTicket ? 'unknown (lost ticket)' : localTime(r.session.entryAt, r.timeZone)}`,
      `Paid: ${localTime(r.payment.at, r.timeZone)} by ${r.payment.operator}`,
      ...(r.waiver ? [`Waived by ${r.waiver.approvedBy}: ${r.waiver.reason}`] : []),
      `Exit by: ${localTime(r.exitBy, r.timeZone)}`,
      `Receipt: ${r.payment.receiptId}`,
    ],
    barcode: { kind: 'code128', data: r.session.id },
    footer: ['Thank you and drive safely'],
  };
}

/** One line a tender: cash as handed over, the card with what identifies its charge. */
function tenderLines(r: ReceiptInput, money: (m: number) => string) {
  const tenders = r.tenders ?? [
    {
      tender: 'cash' as const,
      amountMinor: r.payment.amountMinor,
      tenderedMinor: r.payment.tenderedMinor,
    },
  ];
  return tenders.map((t) => {
    if (t.tender === 'cash') return { left: 'Cash', right: money(t.tenderedMinor) };
    const about = [
      r.card?.cardBrand,
      r.card?.maskedPan,
      r.card?.authCode && `auth ${r.card.authCode}`,
    ]
      .filter(Boolean)
      .join(' ');
    return { left: about ? `Card ${about}` : 'Card', right: money(t.amountMinor) };
  });
}
