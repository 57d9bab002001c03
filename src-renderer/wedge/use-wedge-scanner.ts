import { useEffect } from 'react';
import { routeScan } from './route-scan';
import { WedgeDetector } from './wedge-detector';

/**
 * After this much real silence, held keys go back to the field. Longer than the scanner's gap:
 * the gap is judged on the keys' own timestamps, while this timer runs on a busy renderer's
 * clock and must not cut a scan whose keys are merely queued.
 */
const GIVE_BACK_AFTER_MS = 250;

/** Types text into the focused field as if keyed, so React's onChange sees it. */
function giveToField(text: string): void {
  const el = document.activeElement;
  if (!text || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
  if (el.readOnly || el.disabled) return;
  // execCommand is the one way to insert as the user would (with an input event); deprecated
  // but kept by Chromium, which is the only engine the booth runs.
  document.execCommand('insertText', false, text);
}

/**
 * Watches every key before any field or shortcut sees it (capture on window): a scanner's
 * burst is held back from the focused field and routed as a scan; keys a person typed are
 * given back in order (./wedge-detector.ts says how the two are told apart).
 */
export function useWedgeScanner(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector();
    let timer: number | undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      const step = detector.key(event.key, event.timeStamp);
      window.clearTimeout(timer);
      if (step.kind === 'scan') {
        event.preventDefault();
        event.stopImmediatePropagation();
        void routeScan(step.code, step.symbology);
        return;
      }
      giveToField(step.give);
      if (step.then === 'hold') {
        event.preventDefault();
        event.stopImmediatePropagation();
        timer = window.setTimeout(
          () => giveToField(detector.expire(performance.now())),
          GIVE_BACK_AFTER_MS,
        );
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.clearTimeout(timer);
    };
  }, [enabled]);
}
