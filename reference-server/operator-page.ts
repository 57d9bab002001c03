import type { IncomingMessage } from 'node:http';
import { qrPaymentRows } from './app-qr';
import { readBody } from './http-util';
import { bookingForm } from './operator-bookings';
import { HttpError } from './problem';
import type { ServerState } from './state';

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** A urlencoded form body (the operator page's only form). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const raw = await readBody(req);
  if (type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'unsupported-media-type', 'Send the form urlencoded.');
  }
  return new URLSearchParams(raw.toString('utf8'));
}

/**
 * The operator's page: what each station has pushed, a form to take a payment "in the app" for
 * a plate (so the remote-payment exit can be tried by hand at the booth), and one to book a
 * slot "in the app" (its e-token shown as a QR code and as text). Plain HTML,
 * no script; the admin key rides along in the URL and the form.
 */
export async function operatorPage(
  state: ServerState,
  key: string,
  paid: string | null,
): Promise<string> {
  const stations = await state.store.listStations();
  const events = await state.store.listEvents(undefined, 0, 50);
  const qrPayments = await state.store.listQrPayments(20, state.clock.now());
  const stationRows = stations
    .map(
      (s) =>
        `<tr><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td>${s.eventsHeld}</td>` +
        `<td>${s.highestSeq ?? '-'}</td></tr>`,
    )
    .join('');
  const eventRows = events
    .map(
      ({ stationId, serverSeq, receivedAt, event: e }) =>
        `<tr><td>${time(receivedAt)}</td><td>${esc(stationId)}</td><td>${serverSeq}</td>` +
        `<td>${e.seq}</td><td>${esc(e.type)}</td><td>${esc(e.aggregateType)} ${esc(e.aggregateId)}` +
        ` #${e.aggregateSeq}</td><td>${esc(e.actor)}</td><td>${time(e.at)}</td></tr>`,
    )
    .join('');
  const options = stations
    .map((s) => `<option value="${esc(s.id)}">${esc(s.name)} (${esc(s.id)})</option>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Operator — reference server</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; color: #222; }
  table { border-collapse: collapse; margin-bottom: 2rem; }
  td, th { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
  th { background: #f3f3f3; }
  form { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: 2rem; }
  label { display: flex; flex-direction: column; font-size: 12px; }
  .paid { background: #e6f6e6; border: 1px solid #9c9; padding: .5rem; margin-bottom: 1rem; }
</style></head><body>
<h1>Operator</h1>
${paid ? `<p class="paid" role="status">Paid in the app: ${esc(paid)}</p>` : ''}
<h2>Mark a plate paid "from the app"</h2>
<form method="post" action="/operator/pay?key=${esc(encodeURIComponent(key))}">
  <label>Plate <input name="plate" required minlength="2" maxlength="16"></label>
  <label>Amount <input name="amount" type="number" step="0.01" min="0" value="10.00" required></label>
  <label>Currency <input name="currency" value="RON" size="4" pattern="[A-Z]{3}" required></label>
  <label>For <select name="purpose"><option>parking</option><option>fuel</option></select></label>
  <label>Station <select name="station"><option value="">all stations</option>${options}</select></label>
  <button type="submit">Mark paid</button>
</form>
${bookingForm(key, options)}
<h2>QR payments (newest 20): open one to pay it as the customer's app would</h2>
${qrPaymentRows(qrPayments)}
<h2>Stations</h2>
<table><tr><th>Id</th><th>Name</th><th>Events held</th><th>Highest seq</th></tr>${stationRows}</table>
<h2>Received events (newest 50) <a href="/operator?key=${esc(encodeURIComponent(key))}">refresh</a></h2>
<table><tr><th>Received</th><th>Station</th><th>Server seq</th><th>Seq</th><th>Type</th>
<th>Aggregate</th><th>Actor</th><th>At (station clock)</th></tr>${eventRows}</table>
</body></html>`;
}
