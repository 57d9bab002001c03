/**
 * Tells a keyboard-wedge scanner from a person at the keyboard. A wedge types a whole code as
 * keystrokes, faster than anyone can, into whatever field has focus; a scan must never land in
 * the cash field. The booth's scanners are set to send a prefix first (the AIM symbology
 * identifier, "]" then two characters such as "Q1" for QR or "C0" for Code 128) and Enter last.
 *
 * So: from the prefix on, keys are held back. Enter after at least `minChars` characters, each
 * within `maxGapMs` of the one before, is a scan. Anything slower (a person who typed "]") gives
 * the held keys back to the field, in order, so nothing typed is lost.
 */
export interface WedgeRules {
  prefix: string;
  maxGapMs: number;
  /** Characters after the prefix (identifier included) before Enter counts as a scan. */
  minChars: number;
}

export const DEFAULT_WEDGE: WedgeRules = { prefix: ']', maxGapMs: 40, minChars: 6 };

/**
 * What to do with one key: first type `give` into the field (keys held back that turned out to
 * be typed by a person; often ''), then let the key through or hold it. Or: it ended a scan.
 */
export type WedgeStep =
  | { kind: 'key'; give: string; then: 'pass' | 'hold' }
  | { kind: 'scan'; symbology: string; code: string };

export class WedgeDetector {
  private held: string | null = null;
  private lastAt = 0;

  constructor(private readonly rules: WedgeRules = DEFAULT_WEDGE) {}

  /** One key as KeyboardEvent.key, pressed at `at` ms. */
  key(key: string, at: number): WedgeStep {
    let give = '';
    if (this.held !== null && at - this.lastAt > this.rules.maxGapMs) {
      // Too slow for a scanner: what was held was typed, and this key starts afresh.
      give = this.release();
    }
    if (this.held === null) {
      if (key !== this.rules.prefix) return { kind: 'key', give, then: 'pass' };
      this.held = '';
      this.lastAt = at;
      return { kind: 'key', give, then: 'hold' };
    }
    this.lastAt = at;
    if (key === 'Enter' && this.held.length >= this.rules.minChars) {
      const body = this.held;
      this.held = null;
      return { kind: 'scan', symbology: body.slice(0, 2), code: body.slice(2) };
    }
    if (key.length !== 1) return { kind: 'key', give: this.release(), then: 'pass' };
    this.held += key;
    return { kind: 'key', give: '', then: 'hold' };
  }

  /**
   * Called by a timer after a silence: held keys older than maxGapMs were typed by a person and
   * go back to the field now, rather than wait for the next key.
   */
  expire(at: number): string {
    if (this.held === null || at - this.lastAt <= this.rules.maxGapMs) return '';
    return this.release();
  }

  private release(): string {
    const text = this.rules.prefix + (this.held ?? '');
    this.held = null;
    return text;
  }
}
