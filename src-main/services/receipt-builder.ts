import type {
  Format,
  Language,
  ParkingSession,
  PaymentView,
  QuoteView,
  Translate,
} from '../../src-shared';
import { LANGUAGES, translate, translateFeeLabel } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';

/** The words and formats a receipt prints with: the site's (SiteCatalog.paper). */
export interface Paper {
  language: Language;
  /** The receipt language's words. */
  t: Translate;
  /** Money and times as the site writes them, the currency in plain ASCII. */
  format: Format;
}

export interface ReceiptInput {
  stationName: string;
  paper: Paper;
  session: ParkingSession;
  payment: PaymentView;
  /** Each tender's part; absent: all in cash. */
  tenders?: { tender: 'cash' | 'card' | 'qr'; amountMinor: number; tenderedMinor: number }[];
  /** The QR payment's reference at the operator, for the QR line. */
  qrReference?: string;
  /** The card's brand, masked number and approval code, for the card line. */
  card?: { cardBrand: string | null; maskedPan: string | null; authCode: string | null };
  quote: QuoteView;
  exitBy: number;
  /** A nil payment: the fee a manager waived, who and why (the receipt shows it, TOTAL 0). */
  waiver?: { feeMinor: number; reason: string; approvedBy: string };
}

/** The line that carries the receipt's number (a COPY prints the same line). */
export function receiptNumberLine(t: Translate, receiptNumber: string): string {
  return t('receipt.number', { number: receiptNumber });
}

/** The receipt number lines in every language, for telling a printed receipt's language. */
export function receiptNumberLines(receiptNumber: string) {
  return LANGUAGES.map((language) => ({
    language,
    line: translate(language, 'receipt.number', { number: receiptNumber }),
  }));
}

/**
 * The customer's receipt: what was charged and why, what was paid, and when to leave by, in the
 * site's receipt language, with money and times as the site writes them.
 */
export function buildParkingReceipt(r: ReceiptInput): ReceiptDocument {
  const { t, format } = r.paper;
  const money = (m: number) => format.money(m, r.quote.currency);
  const when = (at: number) => format.dateTime(at);
  const lines = r.quote.lines.map((l) => ({
    left: translateFeeLabel(r.paper.language, l.label),
    right: money(l.amountMinor),
  }));
  const earlier = r.quote.feeTotalMinor - r.payment.amountMinor;
  const waived = r.waiver?.feeMinor ?? 0;
  if (earlier - waived > 0 && !r.session.lostTicket) {
    lines.push({ left: t('receipt.settledEarlier'), right: money(-(earlier - waived)) });
  }
  if (r.waiver) lines.push({ left: t('receipt.feeWaived'), right: money(-waived) });
  return {
    header: [
      r.stationName,
      r.session.lostTicket ? t('receipt.lostTicket') : t('receipt.parking'),
      receiptNumberLine(t, r.payment.receiptNumber),
    ],
    lines,
    totals: [
      { left: t('receipt.total'), right: money(r.payment.amountMinor), bold: true },
      ...tenderLines(r, money),
      ...(r.waiver ? [] : [{ left: t('receipt.change'), right: money(r.payment.changeMinor) }]),
    ],
    notes: [
      t('receipt.plate', { plate: r.session.plate }),
      r.session.lostTicket
        ? t('receipt.entryUnknown')
        : t('receipt.entry', { time: when(r.session.entryAt) }),
      t('receipt.paid', { time: when(r.payment.at), operator: r.payment.operator }),
      ...(r.waiver
        ? [t('receipt.waivedBy', { operator: r.waiver.approvedBy, reason: r.waiver.reason })]
        : []),
      t('receipt.exitBy', { time: when(r.exitBy) }),
      t('receipt.id', { id: r.payment.receiptId }),
    ],
    barcode: { kind: 'code128', data: r.session.id },
    footer: [t('receipt.thanks')],
  };
}

/** One line a tender: cash as handed over, the card or the QR payment with what identifies it. */
export function tenderLines(
  r: Pick<ReceiptInput, 'paper' | 'tenders' | 'qrReference' | 'card'> & {
    payment: Pick<PaymentView, 'amountMinor' | 'tenderedMinor'>;
  },
  money: (m: number) => string,
) {
  const { t } = r.paper;
  const tenders = r.tenders ?? [
    {
      tender: 'cash' as const,
      amountMinor: r.payment.amountMinor,
      tenderedMinor: r.payment.tenderedMinor,
    },
  ];
  return tenders.map((tender) => {
    if (tender.tender === 'cash') {
      return { left: t('receipt.cash'), right: money(tender.tenderedMinor) };
    }
    if (tender.tender === 'qr') {
      // The reference is what the operator's app shows the customer for the payment.
      const ref = r.qrReference?.slice(-8) ?? '';
      return { left: t('receipt.qrWith', { ref }), right: money(tender.amountMinor) };
    }
    const about = [
      r.card?.cardBrand,
      r.card?.maskedPan,
      r.card?.authCode && t('receipt.auth', { code: r.card.authCode }),
    ]
      .filter(Boolean)
      .join(' ');
    return {
      left: about ? t('receipt.cardWith', { about }) : t('receipt.card'),
      right: money(tender.amountMinor),
    };
  });
}
