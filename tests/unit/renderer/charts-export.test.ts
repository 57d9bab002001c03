/** A chart's CSV: its series as RFC 4180 text, quoting what would break a cell. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv } from '../../../src-renderer/charts-csv';

describe('chart CSV export', () => {
  it('writes a header of the series keys, then a line per row', () => {
    assert.equal(
      toCsv([
        { date: '2026-11-20', tender: 'cash', netMinor: 1250 },
        { date: '2026-11-20', tender: 'card', netMinor: -300 },
      ]),
      'date,tender,netMinor\r\n2026-11-20,cash,1250\r\n2026-11-20,card,-300\r\n',
    );
  });

  it('quotes commas, quotes, semicolons and line breaks, and leaves a missing value empty', () => {
    assert.equal(
      toCsv([{ grade: 'Diesel, "extra"', note: 'a;b', rate: null, text: 'two\nlines' }]),
      'grade,note,rate,text\r\n"Diesel, ""extra""","a;b",,"two\nlines"\r\n',
    );
  });

  it('is empty for no rows', () => {
    assert.equal(toCsv([]), '');
  });
});
