import { refused } from '../../src-shared';

/** Shorter PINs may still exist in an older database; they sign in, then must be changed. */
export const MIN_PIN_DIGITS = 6;

/** One digit repeated, or a straight run up or down (123456, 987654): the first guesses. */
function guessable(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++)
    steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/** Refuses a new PIN the contract's shape allows but a booth should not (INVALID_PAYLOAD). */
export function checkNewPin(pin: string, field = 'pin'): void {
  if (pin.length < MIN_PIN_DIGITS || !/^\d+$/.test(pin)) {
    throw refused('INVALID_PAYLOAD', 'refusal.pinShort', { digits: MIN_PIN_DIGITS }).at(field);
  }
  if (guessable(pin)) throw refused('INVALID_PAYLOAD', 'refusal.pinGuessable').at(field);
}
