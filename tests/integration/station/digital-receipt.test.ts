/**
 * The digital receipt link and its QR code: the token verifies for its receipt under the
 * station's key and for nothing else, the key outlives a restart (secret store), and the QR code
 * a phone would scan (read back by Debian's zbarimg) carries exactly the link. The receipt comes
 * from a real SQLite file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { canonicalPlate } from '../../../src-shared/domain/plate';
import { defaultTariff } from '../../../src-shared/domain/tariff';
import { openDatabase } from '../../../src-main/db/database';
import { PaymentRepository } from '../../../src-main/db/repositories/payment-repository';
import { SiteRepository } from '../../../src-main/db/repositories/site-repository';
import { MemorySecretStore } from '../../../src-main/platform/secret-store';
import {
  DigitalReceipts,
  digitalReceiptKey,
  digitalReceiptLink,
  digitalReceiptQr,
  verifyDigitalReceiptLink,
  verifyDigitalReceiptToken,
} from '../../../src-main/services/digital-receipt';

const BASE = 'https://receipts.example.com/booth-7/';

async function scan(pngDataUrl: string, dir: string): Promise<string[]> {
  const file = join(dir, 'qr.png');
  writeFileSync(file, Buffer.from(pngDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', file]);
  return stdout.split('\n').filter((line) => line.length > 0);
}

describe('digital receipt links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digital-receipt-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);

  it('a link names its receipt and carries a token that verifies for it alone', () => {
    const link = digitalReceiptLink('R01J9Z-abc', BASE, key);
    const match = /^https:\/\/receipts\.example\.com\/booth-7\/r\/R01J9Z-abc\?k=([\w-]{22})$/.exec(
      link,
    );
    assert.ok(match, link);
    const token = match[1]!;
    assert.equal(verifyDigitalReceiptToken('R01J9Z-abc', token, key), true);
    assert.equal(verifyDigitalReceiptToken('R01J9Z-abd', token, key), false, 'another receipt');
    assert.equal(verifyDigitalReceiptToken('R01J9Z-abc', token, randomBytes(32)), false);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    assert.equal(verifyDigitalReceiptToken('R01J9Z-abc', flipped, key), false);
    assert.equal(verifyDigitalReceiptToken('R01J9Z-abc', token.slice(1), key), false);

    assert.equal(verifyDigitalReceiptLink(link, BASE, key), 'R01J9Z-abc');
    const moved = link.replace('R01J9Z-abc', 'R01J9Z-abd');
    assert.equal(verifyDigitalReceiptLink(moved, BASE, key), null, 'a guessed id fails');
    assert.equal(verifyDigitalReceiptLink(link, 'https://other.example.com', key), null);
  });

  it('takes only an https base URL, or plain http to this machine', () => {
    assert.throws(() => digitalReceiptLink('R1', 'http://receipts.example.com', key), /https/);
    assert.throws(() => digitalReceiptLink('R1', 'not a url', key), /not a URL/);
    assert.throws(() => digitalReceiptLink('R1', 'https://x.example.com/?a=1', key), /query/);
    assert.match(
      digitalReceiptLink('R1', 'http://127.0.0.1:8080', key),
      /^http:\/\/127\.0\.0\.1:8080\/r\/R1\?k=/,
    );
  });

  it("keeps the station's key in the secret store", () => {
    const secrets = new MemorySecretStore();
    const first = digitalReceiptKey(secrets);
    assert.equal(first.length, 32);
    assert.deepEqual(digitalReceiptKey(secrets), first, 'the same key at the next start');
    assert.notDeepEqual(digitalReceiptKey(new MemorySecretStore()), first, 'each station its own');
  });

  it('the QR code a phone scans carries exactly the link', async () => {
    const link = digitalReceiptLink('R01J9Z-abc', BASE, key);
    const qr = await digitalReceiptQr(link);
    assert.deepEqual(await scan(qr.pngDataUrl, dir), [link]);
    assert.match(qr.svg, /^<svg[^>]*viewBox/);
  });

  it('shows a recorded receipt with its number, and refuses an unknown one', async () => {
    const db = openDatabase(join(dir, 'station.db'));
    try {
      const site = new SiteRepository(db);
      site.upsertTariff(defaultTariff, 0);
      site.upsertZone({ id: 'main', name: 'Main', capacity: 10, tariffId: defaultTariff.id });
      db.prepare(
        `INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
          paid_minor, updated_at) VALUES ('S1', 'B01AAA', ?, 'main', ?, 0, 'paid', 500, 0)`,
      ).run(canonicalPlate('B01AAA'), defaultTariff.id);
      const payments = new PaymentRepository(db);
      db.transaction(() =>
        payments.insertWithReceipt(
          {
            id: 'Y1',
            sessionId: 'S1',
            kind: 'parking',
            method: 'cash',
            amountMinor: 500,
            tenderedMinor: 500,
            changeMinor: 0,
            currency: 'RON',
            at: 0,
            operator: 'cashier',
            alertId: null,
          },
          'R1',
          { header: ['Test'], lines: [], totals: [], notes: [], barcode: null, footer: [] },
          { seq: 1, prefix: 'B7/' },
        ),
      )();
      const receipts = new DigitalReceipts({ payments, key, baseUrl: BASE });
      const shown = await receipts.forReceipt('R1');
      assert.equal(shown.receiptNumber, 'B7/1');
      assert.equal(verifyDigitalReceiptLink(shown.url, BASE, key), 'R1');
      assert.deepEqual(await scan(shown.qrPngDataUrl, dir), [shown.url]);
      await assert.rejects(receipts.forReceipt('R-unknown'), /No such receipt/);
    } finally {
      db.close();
    }
  });
});
