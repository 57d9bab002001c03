import { useState, type FormEvent } from 'react';
import { parseMoney, type PlainKey } from '../../src-shared';
import { formatDateTime, money } from '../format';
import { errorMessage } from '../station';
import { t as say, useFormat, useT } from '../stores/i18n-store';
import { useReversalStore } from '../stores/reversal-store';
import { InlineError } from './InlineError';
import { ReasonDialog } from './ReasonDialog';

/** A payment's method in words; one the console does not know yet shows as it is. */
const methodKey: Partial<Record<string, PlainKey>> = {
  cash: 'method.cash',
  card: 'method.card',
  split: 'method.split',
  qr: 'method.qr',
  waived: 'method.waived',
};

/**
 * Finds a payment by the number on its receipt, then voids it (a sale of this shift, the car
 * still in the lot) or refunds part or all of it: a manager's decision with a reason; at a
 * cashier's console the dialog asks for the manager's name and PIN. Each tender goes back the
 * way it came: a card's part to the card through the terminal (the customer presents the card
 * there, and the dialog says so while the terminal is asked), the rest in cash from the drawer.
 */
export function VoidOrRefund() {
  const t = useT();
  const format = useFormat();
  const found = useReversalStore((s) => s.found);
  const find = useReversalStore((s) => s.find);
  const voidPayment = useReversalStore((s) => s.voidPayment);
  const refund = useReversalStore((s) => s.refund);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<'void' | 'refund' | null>(null);
  const [refundText, setRefundText] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!number.trim()) return setError(t('reversal.typeNumber'));
    setError(null);
    try {
      await find(number.trim());
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function refundNow(reason: string) {
    const amountMinor = parseMoney(refundText);
    if (amountMinor === null || amountMinor === 0) throw new Error(say('reversal.enterAmount'));
    await refund(amountMinor, reason);
  }

  const m = (minor: number) => money(minor, found?.currency ?? '');
  const cardLeft = found?.tenders.find((x) => x.tender === 'card')?.refundableMinor ?? 0;
  const cardPaid = found?.tenders.find((x) => x.tender === 'card')?.paidMinor ?? 0;
  const cashPaid = found?.tenders.find((x) => x.tender === 'cash')?.paidMinor ?? 0;
  /** Where an amount goes back: the card first (as the station does), then cash. */
  const whereBack = (toCard: number, toCash: number) => (
    <>
      {toCard > 0 && <p>{t('reversal.toCard', { amount: m(toCard) })}</p>}
      {toCash > 0 && <p>{t('reversal.toCash', { amount: m(toCash) })}</p>}
    </>
  );
  const typedRefund = parseMoney(refundText) ?? 0;
  const askingTerminal = <>{t('reversal.askingTerminal')}</>;
  const methodName = (method: string) => {
    const key = methodKey[method];
    return key ? t(key) : method;
  };
  return (
    <div className="card void-refund">
      <h2>{t('reversal.title')}</h2>
      <form className="row" aria-label={t('reversal.findForm')} onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('reversal.receiptNo')}</span>
          <input
            autoComplete="off"
            maxLength={40}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </label>
        <button type="submit">{t('reversal.find')}</button>
      </form>
      <InlineError message={error} />
      {found && (
        <div data-testid="found-payment">
          <p>
            <strong>{found.receiptNumber}</strong>:{' '}
            {t('reversal.paidFor', {
              amount: m(found.amountMinor),
              method: methodName(found.method),
            })}{' '}
            <span className="plate">{found.plate}</span>, {formatDateTime(found.at)}
          </p>
          {found.reversals.map((r) => (
            <p key={r.id} className="muted">
              {t(r.kind === 'void' ? 'reversal.voided' : 'reversal.refunded', {
                amount: m(r.amountMinor),
                operator: r.approvedBy,
                reason: r.reason,
              })}
            </p>
          ))}
          {found.tenders.map((x) => (
            <p key={x.tender} className="muted">
              {t(x.tender === 'card' ? 'reversal.tenderCard' : 'reversal.tenderCash', {
                paid: m(x.paidMinor),
                left: m(x.refundableMinor),
              })}
            </p>
          ))}
          {found.cardPending && <p role="status">{t('reversal.cardPending')}</p>}
          {found.voidRefusal && <p className="muted">{found.voidRefusal}</p>}
          <div className="row">
            <button
              type="button"
              disabled={found.voidRefusal !== null}
              onClick={() => setAsking('void')}
            >
              {t('reversal.void')}
            </button>
            <button
              type="button"
              disabled={found.refundableMinor === 0}
              onClick={() => {
                setRefundText(format.amount(found.refundableMinor, found.currency));
                setAsking('refund');
              }}
            >
              {t('reversal.refund')}
            </button>
          </div>
        </div>
      )}
      {found && asking === 'void' && (
        <ReasonDialog
          title={t('reversal.voidTitle', { number: found.receiptNumber })}
          confirmLabel={t('reversal.voidConfirm')}
          approvalFor="payments:void"
          onSubmit={(reason) => voidPayment(reason)}
          onClose={() => setAsking(null)}
          {...(cardPaid > 0 ? { busyNote: askingTerminal } : {})}
        >
          {cardPaid > 0 ? (
            <>
              {whereBack(cardPaid, cashPaid)}
              <p>{t('reversal.voidCardBody')}</p>
            </>
          ) : (
            <p>{t('reversal.voidBody', { amount: m(found.amountMinor) })}</p>
          )}
        </ReasonDialog>
      )}
      {found && asking === 'refund' && (
        <ReasonDialog
          title={t('reversal.refundTitle', { number: found.receiptNumber })}
          confirmLabel={t('reversal.refundConfirm')}
          approvalFor="payments:refund"
          onSubmit={refundNow}
          onClose={() => setAsking(null)}
          {...(cardLeft > 0 ? { busyNote: askingTerminal } : {})}
        >
          <label className="field">
            <span>{t('reversal.amountAtMost', { amount: m(found.refundableMinor) })}</span>
            <input
              inputMode="decimal"
              autoComplete="off"
              value={refundText}
              onChange={(e) => setRefundText(e.target.value)}
            />
          </label>
          {cardLeft > 0 &&
            typedRefund > 0 &&
            whereBack(
              Math.min(typedRefund, cardLeft),
              typedRefund - Math.min(typedRefund, cardLeft),
            )}
        </ReasonDialog>
      )}
    </div>
  );
}
