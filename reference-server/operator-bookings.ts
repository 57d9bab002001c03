import bwipjs from 'bwip-js/node';
import type { components } from '../api/openapi-types';

type S = components['schemas'];

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The operator page's booking form: the demo app books a pump slot or a bay for a station. */
export function bookingForm(key: string, stationOptions: string): string {
  return `<h2>Book a slot "in the app"</h2>
<form method="post" action="/operator/book?key=${esc(encodeURIComponent(key))}">
  <label>Plate <input name="plate" required minlength="2" maxlength="16"></label>
  <label>For <select name="resource">
    <option value="pump:pump-1">CNG pump 1</option><option value="pump:pump-2">CNG pump 2</option>
    <option value="bay:bays">A bay</option></select></label>
  <label>Starts in (minutes) <input name="startsIn" type="number" min="0" value="10" required></label>
  <label>Minutes <input name="duration" type="number" min="1" value="15" required></label>
  <label>Name <input name="contact" maxlength="120"></label>
  <label>Station <select name="station" required>${stationOptions}</select></label>
  <button type="submit">Book</button>
</form>`;
}

/**
 * What the app shows the customer: the booking and its e-token, as the QR code to scan at the
 * booth and as text (a keyboard wedge types exactly this).
 */
export async function bookedPage(
  key: string,
  booking: S['Booking'],
  token: string,
): Promise<string> {
  // White behind the modules: a transparent PNG on a dark screen is a QR code no phone reads.
  const options = {
    bcid: 'qrcode',
    text: token,
    eclevel: 'M',
    scale: 4,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  };
  const png = await bwipjs.toBuffer(options);
  const at = new Date(booking.startsAt).toISOString().replace('T', ' ').slice(0, 16);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Booked — reference server</title>
<style>body { font: 14px system-ui, sans-serif; margin: 2rem; } textarea { width: 40rem; }</style>
</head><body>
<h1>Booked: ${esc(booking.plate)}, ${esc(booking.resource.kind)} ${esc(booking.resource.id)}, ${esc(at)} UTC</h1>
<p>Booking <code>${esc(booking.id)}</code>. Show this at the booth:</p>
<p><img alt="E-token QR code" src="data:image/png;base64,${png.toString('base64')}"></p>
<p><textarea readonly rows="5" aria-label="E-token text">${esc(token)}</textarea></p>
<p><a href="/operator?key=${esc(encodeURIComponent(key))}">Back to the operator page</a></p>
</body></html>`;
}
