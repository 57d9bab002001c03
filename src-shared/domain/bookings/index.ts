export * from './types';
export * from './timing';
export * from './capacity';
export * from './etoken';
export * from './settings';
