/**
 * The digital receipt: when the printer cannot print (paper out), the cashier shows the
 * customer a QR code of a link to the receipt, for their phone. The link names the receipt and
 * carries an HMAC of its id under the station's own key, so whoever serves the link can tell a
 * real one from a guessed id without any lookup, and nobody can walk through receipt ids.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import bwipjs from 'bwip-js/node';
import { refused } from '../../src-shared';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SecretStore } from '../platform/secret-store';
import { formatReceiptNumber } from '../../src-shared/domain/receipt-number';

const KEY_NAME = 'receipts.digitalLinkKey';
/** 128 bits of the HMAC: unguessable, and short enough for a small QR code. */
const TOKEN_BYTES = 16;

/** The station's key for receipt links, made on first use and kept in the secret store. */
export function digitalReceiptKey(secrets: SecretStore): Buffer {
  const stored = secrets.get(KEY_NAME);
  if (stored && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
  const key = randomBytes(32);
  secrets.set(KEY_NAME, key.toString('hex'));
  return key;
}

/** The token of a receipt's link: base64url of the first 16 bytes of HMAC-SHA256. */
export function digitalReceiptToken(receiptId: string, key: Buffer): string {
  return createHmac('sha256', key)
    .update(`digital-receipt\0${receiptId}`)
    .digest()
    .subarray(0, TOKEN_BYTES)
    .toString('base64url');
}

/** Whether a token is the one for this receipt (compared in constant time). */
export function verifyDigitalReceiptToken(receiptId: string, token: string, key: Buffer): boolean {
  const expected = Buffer.from(digitalReceiptToken(receiptId, key));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A base URL the customer's phone may be sent to: https, or plain http to this machine (the
 * demo). Returned without a trailing slash.
 */
export function checkDigitalReceiptBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`digital receipt base URL is not a URL: ${baseUrl}`);
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(`digital receipt base URL must be https:// (got ${baseUrl})`);
  }
  if (url.search || url.hash) throw new Error('digital receipt base URL takes no query or hash');
  return url.href.replace(/\/+$/, '');
}

/** `<base>/r/<receiptId>?k=<token>` */
export function digitalReceiptLink(receiptId: string, baseUrl: string, key: Buffer): string {
  const base = checkDigitalReceiptBaseUrl(baseUrl);
  const token = digitalReceiptToken(receiptId, key);
  return `${base}/r/${encodeURIComponent(receiptId)}?k=${token}`;
}

/** The receipt id a link names, if its token is right for it and it is under baseUrl; else null. */
export function verifyDigitalReceiptLink(
  link: string,
  baseUrl: string,
  key: Buffer,
): string | null {
  const base = checkDigitalReceiptBaseUrl(baseUrl);
  if (!link.startsWith(`${base}/r/`)) return null;
  let url: URL;
  let id: string;
  try {
    url = new URL(link);
    id = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  } catch {
    return null; // not a URL, or a malformed escape in the id
  }
  const token = url.searchParams.get('k');
  return id && token && verifyDigitalReceiptToken(id, token, key) ? id : null;
}

/** The link as a QR code: a PNG data URL for an <img>, and the same symbol as SVG. */
export async function digitalReceiptQr(link: string): Promise<{ pngDataUrl: string; svg: string }> {
  // White behind the modules: a transparent PNG on a dark screen is a QR code no phone reads.
  const options = {
    bcid: 'qrcode',
    text: link,
    eclevel: 'M',
    scale: 6,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  };
  const png = await bwipjs.toBuffer(options);
  const svg = bwipjs.toSVG(options);
  return { pngDataUrl: `data:image/png;base64,${png.toString('base64')}`, svg };
}

export interface DigitalReceiptView {
  receiptId: string;
  receiptNumber: string;
  url: string;
  qrPngDataUrl: string;
  qrSvg: string;
}

/** What the cashier's screen shows for a receipt: its link and the QR code of it. */
export class DigitalReceipts {
  private readonly baseUrl: string;

  constructor(private readonly d: { payments: PaymentRepository; key: Buffer; baseUrl: string }) {
    this.baseUrl = checkDigitalReceiptBaseUrl(d.baseUrl);
  }

  async forReceipt(receiptId: string): Promise<DigitalReceiptView> {
    const number = this.d.payments.receiptNumber(receiptId);
    if (!number) throw refused('NOT_FOUND', 'refusal.noSuchReceipt');
    const url = digitalReceiptLink(receiptId, this.baseUrl, this.d.key);
    const qr = await digitalReceiptQr(url);
    return {
      receiptId,
      receiptNumber: formatReceiptNumber(number.prefix, number.seq),
      url,
      qrPngDataUrl: qr.pngDataUrl,
      qrSvg: qr.svg,
    };
  }
}
