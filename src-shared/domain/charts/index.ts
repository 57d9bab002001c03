export * from './dwell';
