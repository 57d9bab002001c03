/** A realistic parking receipt used by the printer tests (non-ASCII on purpose). */
import type { ReceiptDocument } from '../../../src-main/devices/printer/receipt-document';

export const sampleReceipt: ReceiptDocument = {
  header: ['Central Parking', 'Zone A – Level 2', 'Receipt 000123'],
  lines: [
    { left: 'Parking 2 h 15 min', right: '6.00' },
    { left: 'Lost ticket surcharge for plate ŽĎ-123-AB', right: '15.00' },
  ],
  totals: [
    { left: 'TOTAL', right: 'EUR 21.00', bold: true },
    { left: 'Cash', right: '25.00' },
    { left: 'Change', right: '4.00' },
  ],
  notes: ['Exit before 14:35 — after that the fee resumes.'],
  barcode: { kind: 'code128', data: 'SES-{42}-0001' },
  footer: ['Thank you!'],
};
