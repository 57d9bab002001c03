import { StationError } from '../../src-shared';

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
  const problem =
    pin.length < MIN_PIN_DIGITS || !/^\d+$/.test(pin)
      ? `A PIN is at least ${MIN_PIN_DIGITS} digits.`
      : guessable(pin)
        ? 'That PIN is too easy to guess (one digit repeated, or a run like 123456).'
        : null;
  if (problem)
    throw new StationError('INVALID_PAYLOAD', problem, [{ path: field, message: problem }]);
}
