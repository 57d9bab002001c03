import type { Tariff } from './types';

/** Demo tariff (Bucharest car park). Amounts in bani: 500 = 5.00 RON. */
export const defaultTariff: Tariff = {
  id: 'default',
  name: 'Standard parking',
  currency: 'RON',
  timeZone: 'Europe/Bucharest',
  freeMinutes: 15,
  steps: [
    // First hour: one 60-minute block.
    { fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: 500 },
    // After that: every started half hour.
    { fromMinute: 60, incrementMinutes: 30, pricePerIncrementMinor: 200 },
  ],
  night: {
    start: '22:00',
    end: '07:00',
    incrementMinutes: 60,
    pricePerIncrementMinor: 300,
    maxPerNightMinor: 1000,
  },
  dailyCap: { amountMinor: 5000, mode: 'calendar' },
  lostTicketFeeMinor: 10000,
  exitGraceMinutes: 15,
  reentryMinutes: 10,
};
