import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send } from './http-util';
import { HttpError, problemBody } from './problem';
import type { ServerState } from './state';
import type { QrPaymentRecord } from './store/store';

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const money = (p: QrPaymentRecord) => `${(p.amountMinor / 100).toFixed(2)} ${p.currency}`; // the demo's currencies have 2 digits

const WORDS: Record<QrPaymentRecord['status'], string> = {
  pending: 'Waiting for you to pay',
  paid: 'Paid. Thank you!',
  cancelled: 'Withdrawn by the station: nothing to pay',
  expired: 'Expired unpaid: ask at the booth',
};

/**
 * The operator's app as the customer's phone sees it, for the demo and the tests: the page the
 * station's QR code links to (`/app/qr/<token>`), with a Pay button that pays it
 * (`POST /app/qr/<token>/pay`). The token in the link is the only credential, as with a real
 * app's payment link; no admin key.
 */
export async function handleCustomerApp(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const m = /^\/app\/qr\/([A-Za-z0-9_-]{16,64})(\/pay)?$/.exec(url.pathname);
    if (!m) throw new HttpError(404, 'not-found', 'No such page in the app.');
    await readBody(req);
    const token = m[1]!;
    const now = state.clock.now();
    if (m[2]) {
      if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'Pay with POST.');
      const paid = await state.store.payQrPayment(token, now);
      if (!paid) throw new HttpError(404, 'not-found', 'No such payment.');
      const status = paid.paidNow ? 200 : 409;
      send(
        res,
        status,
        page(paid.payment, token, paid.paidNow ? null : 'Not paid now:'),
        {},
        'text/html',
      );
      return;
    }
    if (req.method !== 'GET') throw new HttpError(405, 'method-not-allowed', 'Read with GET.');
    const found = await state.store.qrPaymentByToken(token, now);
    if (!found) throw new HttpError(404, 'not-found', 'No such payment.');
    send(res, 200, page(found, token, null), { 'cache-control': 'no-store' }, 'text/html');
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    send(
      res,
      err.status,
      problemBody(err.status, err.code, err.detail),
      {},
      'application/problem+json',
    );
  }
}

function page(p: QrPaymentRecord, token: string, prefix: string | null): string {
  const pay =
    p.status === 'pending'
      ? `<form method="post" action="/app/qr/${esc(token)}/pay"><button type="submit">Pay ${esc(money(p))}</button></form>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pay — operator app (reference server)</title>
<style>body { font: 18px system-ui, sans-serif; margin: 1.5rem; } button { font-size: 1.2rem; padding: .75rem 1.5rem; }</style>
</head><body>
<h1>${esc(p.description)}</h1>
<p>Amount: <strong>${esc(money(p))}</strong></p>
<p role="status" data-status="${esc(p.status)}">${prefix ? `${esc(prefix)} ` : ''}${esc(WORDS[p.status])}</p>
${pay}
</body></html>`;
}

/** The operator page's list of recent QR payments, each linking to its app page. */
export function qrPaymentRows(list: QrPaymentRecord[]): string {
  if (list.length === 0) return '<p>No QR payments yet.</p>';
  const rows = list
    .map(
      (p) =>
        `<tr><td>${esc(p.stationId)}</td><td>${esc(p.reference)}</td><td>${esc(p.description)}</td>` +
        `<td>${esc(money(p))}</td><td>${esc(p.status)}</td>` +
        `<td><a href="/app/qr/${esc(p.payToken)}">open in the app</a></td></tr>`,
    )
    .join('');
  return `<table><tr><th>Station</th><th>Reference</th><th>For</th><th>Amount</th><th>Status</th><th></th></tr>${rows}</table>`;
}
