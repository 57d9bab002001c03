export * from './format';
export * from './translate';
