/**
 * The catalogues and the site's formats: every language has every English key with the same
 * {placeholders} (the typecheck catches a missing key; this catches a dropped or misspelt
 * placeholder, and an extra key), and money and time come out in the site's locale, currency
 * and time zone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  catalogues,
  createFormat,
  LANGUAGES,
  minorDigits,
  placeholdersOf,
  translate,
  translateCount,
  translateFeeLabel,
} from '../../src-shared';
import {
  capLabel,
  dayLabel,
  feeLabelTerm,
  freeLabel,
  LOST_TICKET_LABEL,
  nightLabel,
} from '../../src-shared/domain/tariff/labels';
import { en } from '../../src-shared/i18n/messages-en';

describe('the catalogues', () => {
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    const catalogue = catalogues[language];

    it(`${language} has exactly the English keys`, () => {
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(en).sort());
    });

    it(`${language} keeps every text's {placeholders}`, () => {
      const wrong = Object.entries(en)
        .filter(([key, text]) => {
          const translated = catalogue[key as keyof typeof en];
          return placeholdersOf(translated).join() !== placeholdersOf(text).join();
        })
        .map(([key]) => key);
      assert.deepEqual(wrong, []);
    });

    it(`${language} translates (no text left empty)`, () => {
      assert.deepEqual(
        Object.entries(catalogue).filter(([, text]) => text.trim() === ''),
        [],
      );
    });
  }

  it('plural texts come as one, few and other, in every language', () => {
    const bases = Object.keys(en)
      .filter((k) => /\.(one|few|other)$/.test(k))
      .map((k) => k.replace(/\.(one|few|other)$/, ''));
    for (const base of new Set(bases)) {
      for (const form of ['one', 'few', 'other']) assert.ok(`${base}.${form}` in en, base);
    }
  });

  it('fills in placeholders, and picks the plural form per language', () => {
    assert.equal(translate('en', 'receipt.number', { number: 'R-7' }), 'Receipt no. R-7');
    assert.equal(translate('ro', 'receipt.number', { number: 'R-7' }), 'Bon nr. R-7');
    assert.equal(translateCount('en', 'status.healthy', 1), '1 device ok');
    assert.equal(translateCount('en', 'status.healthy', 3), '3 devices ok');
    assert.equal(translateCount('ro', 'status.healthy', 1), '1 dispozitiv ok');
    assert.equal(translateCount('ro', 'status.healthy', 3), '3 dispozitive ok');
    assert.equal(translateCount('ro', 'status.healthy', 20), '20 de dispozitive ok');
    assert.equal(translateCount('ro', 'sync.hoursOld', 19), 'de 19 ore');
    assert.equal(translateCount('ro', 'sync.hoursOld', 21), 'de 21 de ore');
  });
});

describe("the tariff engine's fee lines", () => {
  it('reads back every label the engine writes, and says it in Romanian', () => {
    const written = [
      freeLabel(12, 15),
      freeLabel(135, 120),
      dayLabel(40),
      dayLabel(120),
      nightLabel('22:00', '07:00', 2),
      capLabel(['24/11', '25/11']),
      capLabel(['01/06', '02/06', '03/06', '04/06']),
      LOST_TICKET_LABEL,
    ];
    for (const label of written) assert.ok(feeLabelTerm(label), label);
    assert.deepEqual(
      written.map((label) => translateFeeLabel('ro', label)),
      [
        'Gratuit 12 min (până la 15 min)',
        'Gratuit 2 h 15 min (până la 2 h)',
        'Tarif de zi 40 min',
        'Tarif de zi 2 h',
        'Noapte 22:00-07:00 (2)',
        'Plafon zilnic 24/11, 25/11',
        'Plafon zilnic 01/06 - 04/06 (4 perioade)',
        'Tichet pierdut',
      ],
    );
    assert.deepEqual(
      written.map((label) => translateFeeLabel('en', label)),
      written,
      "English is the engine's own wording",
    );
    assert.equal(translateFeeLabel('ro', 'Valet parking'), 'Valet parking', "not the engine's");
  });
});

describe("the site's formats", () => {
  // 2026-03-03 12:35 UTC: 14:35 in Bucharest (EET, UTC+2), 12:35 in London (GMT).
  const at = Date.UTC(2026, 2, 3, 12, 35);
  const bucharest = createFormat({
    locale: 'ro-RO',
    currency: 'RON',
    timeZone: 'Europe/Bucharest',
  });

  it('writes RON the Romanian way: "12,50 lei", grouped, negative, exact', () => {
    assert.equal(bucharest.money(1250), '12,50 lei');
    assert.equal(bucharest.money(123456789), '1.234.567,89 lei');
    assert.equal(bucharest.money(-5), '-0,05 lei');
    assert.equal(bucharest.money(0), '0,00 lei');
    // Beyond a double's exact cents: formatted from the decimal string, not a float.
    assert.equal(bucharest.money(900719925474099), '9.007.199.254.740,99 lei');
    assert.equal(bucharest.money(2100, 'EUR'), '21,00 €');
  });

  it('writes en-GB money with the symbol first, and each currency with its minor digits', () => {
    const london = createFormat({ locale: 'en-GB', currency: 'GBP', timeZone: 'Europe/London' });
    assert.equal(london.money(123456), '£1,234.56');
    assert.equal(london.money(-1250, 'EUR'), '-€12.50');
    assert.equal(london.money(1500, 'JPY'), '¥1,500');
    assert.equal(london.money(1234, 'KWD'), 'KWD 1.234');
    assert.equal(minorDigits('JPY'), 0);
    assert.equal(minorDigits('KWD'), 3);
    assert.equal(minorDigits('RON'), 2);
  });

  it('prints plain ASCII: the narrow symbol where it is ASCII ("lei"), else the code', () => {
    const paper = createFormat({ locale: 'ro-RO', currency: 'RON', currencyDisplay: 'printable' });
    assert.equal(paper.money(1250), '12,50 lei');
    assert.equal(paper.money(1250, 'EUR'), '12,50 EUR');
    const code = createFormat({ locale: 'en-GB', currency: 'RON', currencyDisplay: 'code' });
    assert.equal(code.money(1250), 'RON 12.50');
  });

  it('gives a bare, ungrouped amount without a currency (to type back into a field)', () => {
    assert.equal(bucharest.money(123450, ''), '1234,50');
    assert.equal(bucharest.amount(123450), '1234,50');
    assert.equal(createFormat({ locale: 'en-GB', currency: '' }).money(1250), '12.50');
  });

  it("shows a fixed UTC instant as the site's wall clock", () => {
    assert.equal(bucharest.time(at), '14:35');
    assert.equal(bucharest.date(at), '03.03.2026');
    assert.equal(bucharest.dateTime(at), '03.03.2026, 14:35');
    const london = createFormat({ locale: 'en-GB', currency: 'GBP', timeZone: 'Europe/London' });
    assert.equal(london.time(at), '12:35');
    assert.equal(london.dateTime(at), '03/03/2026, 12:35');
    // Summer time: 2026-07-01 09:00 UTC is 12:00 in Bucharest (EEST, UTC+3).
    assert.equal(bucharest.time(Date.UTC(2026, 6, 1, 9, 0)), '12:00');
  });

  it('says the time alone for the same day at the site, the date too otherwise', () => {
    assert.equal(bucharest.when(at, at + 3_600_000), '14:35');
    // 23:30 UTC on the 3rd is already the 4th in Bucharest: another day there.
    assert.equal(bucharest.when(at, Date.UTC(2026, 2, 3, 23, 30)), '03 mar., 14:35');
    const london = createFormat({ locale: 'en-GB', currency: 'GBP', timeZone: 'Europe/London' });
    assert.equal(london.when(at, Date.UTC(2026, 2, 3, 23, 30)), '12:35');
  });
});
