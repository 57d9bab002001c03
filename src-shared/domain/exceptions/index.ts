export * from './types';
export * from './rule-state';
export { applyToRules, openOverstays, oneLookalikeApart } from './rules';
export * from './anomalies';
