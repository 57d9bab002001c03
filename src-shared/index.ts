// The shared module: the typed IPC contract and pure domain code. It imports neither Electron nor Node.
export * from './contract/channels';
export * from './contract/events';
export * from './contract/result';
export * from './contract/client';
export * from './domain/types';
export * from './domain/money';
export * from './domain/receipt-number';
export * from './domain/tariff/types';
export * from './contract/wire';
export * from './domain/plate';
export * from './domain/session-rules';
export * from './domain/app-payments';
export * from './domain/offline-policy';
export * from './domain/plate-rules';
export * from './domain/lane-roi';
export * from './journal/event-types';
export * from './i18n';
