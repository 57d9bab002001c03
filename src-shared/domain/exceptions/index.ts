export * from './types';
export * from './rule-state';
export { applyToRules, oneLookalikeApart } from './rules';
export * from './anomalies';
export * from './pump-silence';
