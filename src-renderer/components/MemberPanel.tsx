import { useEffect, useState } from 'react';
import type { PlainKey } from '../../src-shared';
import type { LoyaltyEntryView } from '../../src-shared/contract/loyalty';
import { useFormat, useT } from '../stores/i18n-store';
import { selectMember, useLoyaltyStore, type MemberQueryKind } from '../stores/loyalty-store';
import { CouponForm } from './CouponForm';
import { InlineError } from './InlineError';

const KINDS: MemberQueryKind[] = ['plate', 'phone', 'code'];
const kindKey = (kind: MemberQueryKind): PlainKey => `member.by.${kind}`;
const entryKey = (kind: LoyaltyEntryView['kind']): PlainKey => `member.entry.${kind}`;

/**
 * The loyalty member beside a sale: found by the sale's plate (one touch), the phone the
 * customer says, or a scanned card or QR code; shows their name, balance, vehicles and last
 * visits, and redeems points. Every control is a touch target and reachable by keyboard.
 */
export function MemberPanel({ plate }: { plate?: string }) {
  const t = useT();
  const format = useFormat();
  const member = useLoyaltyStore(selectMember);
  const members = useLoyaltyStore((s) => s.members);
  const asked = useLoyaltyStore((s) => s.asked);
  const busy = useLoyaltyStore((s) => s.busy);
  const error = useLoyaltyStore((s) => s.error);
  const slipProblem = useLoyaltyStore((s) => s.slipProblem);
  const lookup = useLoyaltyStore((s) => s.lookup);
  const select = useLoyaltyStore((s) => s.select);
  const redeem = useLoyaltyStore((s) => s.redeem);
  const products = useLoyaltyStore((s) => s.products);
  const redeemProduct = useLoyaltyStore((s) => s.redeemProduct);
  const [by, setBy] = useState<MemberQueryKind>('plate');
  const [value, setValue] = useState(plate ?? '');
  const [points, setPoints] = useState('');
  const [what, setWhat] = useState('');

  // A new sale's plate is the first thing to look a member up by.
  useEffect(() => {
    if (plate) {
      setBy('plate');
      setValue(plate);
    }
  }, [plate]);

  const wanted = Number.parseInt(points, 10);
  return (
    <section className="card member-panel" aria-labelledby="member-panel-title">
      <h2 id="member-panel-title">{t('member.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void lookup(by, value);
        }}
      >
        <label>
          {t('member.by')}
          <select value={by} onChange={(e) => setBy(e.target.value as MemberQueryKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(kindKey(k))}
              </option>
            ))}
          </select>
        </label>
        <input
          aria-label={t('member.value')}
          value={value}
          maxLength={64}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" disabled={busy || value.trim() === ''}>
          {t('member.find')}
        </button>
      </form>
      <InlineError message={error} />
      {slipProblem && (
        <p className="notice" role="status">
          {t('member.slipNotPrinted', { detail: slipProblem })}
        </p>
      )}
      {asked && !busy && members.length === 0 && <p className="muted">{t('member.none')}</p>}
      {members.length > 1 && (
        <div className="row" role="group" aria-label={t('member.pick')}>
          {members.map((m) => (
            <button
              key={m.id}
              type="button"
              aria-pressed={m.id === member?.id}
              onClick={() => select(m.id)}
            >
              {m.name}
            </button>
          ))}
        </div>
      )}
      {member && (
        <div data-testid="member-card">
          <p>
            <strong>{member.name}</strong> · {t('member.tier', { tier: member.tier })} ·{' '}
            {t('member.balance', { points: String(member.balance) })}
          </p>
          <p>
            {member.vehicles.length > 0
              ? t('member.vehicles', { plates: member.vehicles.join(', ') })
              : t('member.noVehicles')}
          </p>
          <h3>{t('member.visits')}</h3>
          <ul className="member-visits">
            {member.recent.map((e) => (
              <li key={e.id}>
                {format.dateTime(e.at)} · {t(entryKey(e.kind))} {Math.abs(e.points)}
              </li>
            ))}
          </ul>
          {products.length > 0 && (
            <div className="row" role="group" aria-label={t('member.products')}>
              {products.map((p) => (
                <button
                  key={p.sku}
                  type="button"
                  disabled={busy || p.onHand === 0 || p.points > member.balance}
                  onClick={() => void redeemProduct(p.sku)}
                >
                  {t('member.product', { name: p.name, points: p.points, left: p.onHand })}
                </button>
              ))}
            </div>
          )}
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void redeem(wanted, what).then((ok) => ok && setPoints(''));
            }}
          >
            <input
              aria-label={t('member.redeemPoints')}
              inputMode="numeric"
              value={points}
              onChange={(e) => setPoints(e.target.value.replace(/\D/g, ''))}
            />
            <input
              aria-label={t('member.redeemWhat')}
              value={what}
              maxLength={120}
              onChange={(e) => setWhat(e.target.value)}
            />
            <button type="submit" disabled={busy || !(wanted > 0) || what.trim() === ''}>
              {t('member.redeem')}
            </button>
          </form>
        </div>
      )}
      <h3>{t('coupon.title')}</h3>
      <CouponForm />
    </section>
  );
}
