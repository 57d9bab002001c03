// Loyalty: earn rules and their rounding (./earn-rules), the ledger's rules (./ledger-rules),
// phone numbers as members are looked up by them (./phone). Pure.
export * from './earn-rules';
export * from './ledger-rules';
export * from './phone';
