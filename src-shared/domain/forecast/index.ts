export * from './types';
export * from './calendar';
export * from './options';
export * from './seasonal-naive';
export * from './backtest';
export * from './train';
export * from './staffing';
export type { ProfileCore } from './profile-core';
export type { IntervalQuantiles } from './intervals';
