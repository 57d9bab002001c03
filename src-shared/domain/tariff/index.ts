// Tariff engine: pure and data-driven (no Node/Electron imports; also runs in the browser).
export * from './types';
export { computeFee, computeFeeDetail, lostTicketFee } from './compute-fee';
export type { FeeDetail, FeePeriod, NightCharge } from './compute-fee';
export { defaultTariff } from './default-tariff';
export { formatMinutes } from './labels';
