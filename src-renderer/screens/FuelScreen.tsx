import { formatLitres, formatUnitPrice } from '../../src-shared/domain/fuel';
import type { FuelPaymentResult, FuelSaleView } from '../../src-shared/contract/fuel';
import { CashTenderForm } from '../components/CashTenderForm';
import { InlineError } from '../components/InlineError';
import { MemberPanel } from '../components/MemberPanel';
import { useState } from 'react';
import { formatConfidence, formatWhen, money, siteDecimal } from '../format';
import { useFuelStore } from '../stores/fuel-store';
import { useT } from '../stores/i18n-store';
import { useStatusStore } from '../stores/status-store';

/**
 * The forecourt at the booth: each delivery the pumps reported, with its plate and member,
 * due (or "app payment expired"), or paid in the operator's app; the cashier picks a due one
 * and takes cash, a card, or cash and the rest by card for it, and the member's panel is
 * beside it for their points.
 */
export function FuelScreen() {
  const t = useT();
  const sales = useFuelStore((s) => s.sales);
  const selectedId = useFuelStore((s) => s.selectedId);
  const paid = useFuelStore((s) => s.paid);
  const listError = useFuelStore((s) => (s.selectedId ? null : s.error));
  const select = useFuelStore((s) => s.select);
  const selected = sales.find((s) => s.id === selectedId && s.state === 'due') ?? null;
  const memberPlate = selected?.plate ?? paid?.sale.plate ?? undefined;
  return (
    <section className="screen sessions fuel" aria-labelledby="fuel-title">
      <div className="sessions-search">
        <h1 id="fuel-title">{t('fuel.title')}</h1>
        <InlineError message={listError} />
        {sales.length === 0 ? (
          <p className="muted">{t('fuel.none')}</p>
        ) : (
          <ul className="fuel-sales" aria-label={t('fuel.title')}>
            {sales.map((sale) => (
              <li key={sale.id}>
                <FuelSaleRow
                  sale={sale}
                  selected={sale.id === selectedId}
                  onPick={() => select(sale.id)}
                />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="sessions-detail">
        {selected ? <FuelPayment key={selected.id} sale={selected} /> : null}
        {paid && !selected ? <FuelPaid paid={paid} /> : null}
        {!selected && !paid ? <p className="muted empty-detail">{t('fuel.pickOne')}</p> : null}
        {memberPlate ? <MemberPanel plate={memberPlate} /> : null}
      </div>
    </section>
  );
}

function FuelSaleRow(props: { sale: FuelSaleView; selected: boolean; onPick: () => void }) {
  const t = useT();
  const { sale } = props;
  const due = sale.state === 'due';
  const state =
    sale.app === 'paid'
      ? t('fuel.paidInApp')
      : sale.app === 'expired'
        ? t('fuel.appExpired')
        : due
          ? t('fuel.due')
          : t('fuel.paid');
  return (
    <button
      type="button"
      className={props.selected ? 'fuel-sale selected' : 'fuel-sale'}
      aria-pressed={props.selected}
      disabled={!due}
      onClick={props.onPick}
      data-testid={`fuel-sale-${sale.pump}`}
    >
      <span className="fuel-sale-main">
        <strong>{t('fuel.pump', { pump: sale.pump })}</strong> {sale.gradeName} ·{' '}
        {t('fuel.litres', { litres: siteDecimal(formatLitres(sale.millilitres)) })} ·{' '}
        <strong>{money(sale.amountMinor, sale.currency)}</strong>
      </span>
      <span className="fuel-sale-who">
        {sale.plateCheck ? t('fuel.plateToConfirm') : (sale.plate ?? t('fuel.noPlate'))}
        {sale.member ? ` · ${sale.member.name}` : ''} · {formatWhen(sale.deliveredAt)}
      </span>
      <span
        className={sale.app === 'expired' ? 'chip chip-warning' : due ? 'chip' : 'chip chip-ok'}
      >
        {state}
      </span>
    </button>
  );
}

function FuelPayment({ sale }: { sale: FuelSaleView }) {
  const t = useT();
  const tendered = useFuelStore((s) => s.tendered);
  const setTendered = useFuelStore((s) => s.setTendered);
  const busy = useFuelStore((s) => s.busy);
  const error = useFuelStore((s) => s.error);
  const payCash = useFuelStore((s) => s.payCash);
  const payCard = useFuelStore((s) => s.payCard);
  const select = useFuelStore((s) => s.select);
  const hasCardTerminal = useStatusStore((s) => s.devices.some((d) => d.kind === 'card-terminal'));
  return (
    <section className="card payment-panel" aria-labelledby="fuel-pay-title">
      <h2 id="fuel-pay-title">{t('fuel.payTitle', { pump: sale.pump })}</h2>
      <p>
        {sale.gradeName}:{' '}
        {t('fuel.litres', { litres: siteDecimal(formatLitres(sale.millilitres)) })} ×{' '}
        {siteDecimal(formatUnitPrice(sale.unitPrice))} {t('fuel.perLitre')}
      </p>
      {sale.plateCheck && <PlateToConfirm sale={sale} />}
      {sale.app === 'expired' && (
        <p className="notice" role="status">
          {t('fuel.appExpiredHint')}
        </p>
      )}
      <CashTenderForm
        dueLabel={t('fuel.dueLabel')}
        dueMinor={sale.amountMinor}
        dueTestId="fuel-due"
        currency={sale.currency}
        tendered={tendered}
        onTenderedChange={setTendered}
        onSubmit={() => void payCash()}
        onCancel={() => select(null)}
        busy={busy}
        canSubmit={tendered.trim() !== ''}
        error={error}
      />
      {hasCardTerminal && (
        <div className="row card-tender">
          <button type="button" disabled={busy} onClick={() => void payCard()}>
            {tendered.trim() === '' ? t('payment.card') : t('payment.restByCard')}
          </button>
          <span className="muted">
            {busy ? t('payment.waitingTerminal') : t('payment.cardHint')}
          </span>
        </div>
      )}
    </section>
  );
}

/** A doubtful read at the pump lane: the cashier types the plate (the camera's guess to start). */
function PlateToConfirm({ sale }: { sale: FuelSaleView }) {
  const t = useT();
  const confirmPlate = useFuelStore((s) => s.confirmPlate);
  const busy = useFuelStore((s) => s.busy);
  const [plate, setPlate] = useState(sale.plateCheck?.readPlate ?? '');
  const read = sale.plateCheck?.readPlate;
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void confirmPlate(plate);
      }}
    >
      <p className="notice" role="status">
        {read
          ? t('fuel.plateDoubtful', {
              plate: read,
              confidence: formatConfidence(sale.plateCheck?.confidence ?? 0),
            })
          : t('fuel.plateUnread')}
      </p>
      <input
        aria-label={t('fuel.plate')}
        value={plate}
        maxLength={16}
        autoComplete="off"
        onChange={(e) => setPlate(e.target.value.toUpperCase())}
      />
      <button type="submit" disabled={busy || plate.trim() === ''}>
        {t('fuel.confirmPlate')}
      </button>
    </form>
  );
}

function FuelPaid({ paid }: { paid: FuelPaymentResult }) {
  const t = useT();
  const { sale, loyalty } = paid;
  return (
    <section className="card" aria-labelledby="fuel-paid-title" role="status">
      <h2 id="fuel-paid-title">{t('fuel.paidTitle', { pump: sale.pump })}</h2>
      <p data-testid="fuel-paid-how">
        {t('result.paid')} <strong>{money(paid.amountMinor, sale.currency)}</strong>
        {paid.method === 'card' && t('result.byCard')}
        {paid.method === 'split' && t('result.split')}
        {paid.method !== 'cash' &&
          ` (${t('fuel.cardPart', { amount: money(paid.cardMinor, sale.currency) })})`}
      </p>
      <p>
        {t('fuel.receipt', { number: paid.receipt.number })} ·{' '}
        {t('tender.change', { amount: money(paid.changeMinor, sale.currency) })}
      </p>
      {loyalty && (
        <p data-testid="fuel-points">
          {t('fuel.points', { name: loyalty.memberName, points: loyalty.points })}{' '}
          {loyalty.balanceAfter === null
            ? t('fuel.balancePending')
            : t('fuel.balance', { points: loyalty.balanceAfter })}
        </p>
      )}
    </section>
  );
}
