// Fuel: unit prices, volumes and the one amount rule (./pricing), and grades. Pure.
export * from './pricing';
export * from './grades';
