import { useState } from 'react';
import { useCouponsStore } from '../stores/coupons-store';
import { useT } from '../stores/i18n-store';
import { InlineError } from './InlineError';

/**
 * A coupon the customer hands over (printed code, barcode or QR), typed or scanned into the
 * field: redeemed once at the operator's server, so a used, expired, unknown or other
 * station's coupon is refused with its reason, and nothing is redeemed offline.
 */
export function CouponForm() {
  const t = useT();
  const redeemed = useCouponsStore((s) => s.redeemed);
  const busy = useCouponsStore((s) => s.busy);
  const error = useCouponsStore((s) => s.error);
  const redeem = useCouponsStore((s) => s.redeem);
  const [code, setCode] = useState('');
  return (
    <form
      className="row coupon-form"
      onSubmit={(e) => {
        e.preventDefault();
        void redeem(code).then((ok) => ok && setCode(''));
      }}
    >
      <input
        aria-label={t('coupon.code')}
        value={code}
        maxLength={40}
        autoComplete="off"
        onChange={(e) => setCode(e.target.value)}
      />
      <button type="submit" disabled={busy || code.trim() === ''}>
        {t('coupon.redeem')}
      </button>
      {redeemed && (
        <p role="status" data-testid="coupon-redeemed">
          {t('coupon.redeemed', { code: redeemed.code, description: redeemed.description })}
        </p>
      )}
      <InlineError message={error} />
    </form>
  );
}
