export * from './format';
export * from './translate';
export * from './fee-labels';
